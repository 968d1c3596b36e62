using SignalingAkka.Host;

var app = SignalingApp.Build(args);
await app.RunAsync();
