namespace SignalingAkka.Client.Tests;

public sealed class HubUrlTests
{
    [Theory]
    [InlineData("http://localhost:5000", "http://localhost:5000/signaling")]
    [InlineData("https://signal.example/", "https://signal.example/signaling")]
    [InlineData("https://example.org/rtc/", "https://example.org/rtc/signaling")]
    [InlineData("https://example.org/rtc", "https://example.org/rtc/signaling")]
    public void The_hub_path_is_appended_to_the_base_path(string serverUrl, string hubUrl)
    {
        Assert.Equal(new Uri(hubUrl), HubConnectionFactory.HubUrl(new Uri(serverUrl)));
    }
}
