using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class InviteSessionIdsTests
{
    [Fact]
    public void Name_based_ids_follow_rfc_9562_version_5()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), InviteSessionIds.NameBased(dns, "www.example.com"));
    }

    [Fact]
    public void A_code_always_derives_the_same_session_id_and_different_codes_different_ones()
    {
        var first = InviteSessionIds.Of("AVNE-2345-6789");

        Assert.Equal(first, InviteSessionIds.Of("AVNE-2345-6789"));
        Assert.NotEqual(first, InviteSessionIds.Of("AVNE-2345-678A"));
        Assert.Equal(InviteSessionIds.NameBased(InviteSessionIds.Namespace, "AVNE-2345-6789").ToString(), first);
    }

    [Fact]
    public void Session_ids_are_lower_case_uuids_of_version_5()
    {
        var id = InviteSessionIds.Of(InviteCodes.Generate());

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
    }

    [Fact]
    public void Ten_thousand_generated_codes_derive_ten_thousand_ids()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => InviteCodes.Generate()).Distinct().ToList();

        Assert.Equal(codes.Count, codes.Select(InviteSessionIds.Of).Distinct().Count());
    }
}
