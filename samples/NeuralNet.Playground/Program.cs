using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using NeuralNet.Playground;

// The whole app is one page (App.razor); nothing is fetched after start-up but the app's own files.
var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
await builder.Build().RunAsync();
