using SignalingAkka.Host;
using SignalingAkka.Host.Configuration;

InlineSocketIo.OnUnlessSet();
var app = SignalingApp.Build(args);
await app.RunAsync();
