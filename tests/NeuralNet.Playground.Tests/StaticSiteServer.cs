using System.Net;
using System.Net.Sockets;

namespace NeuralNet.Playground.Tests;

/// <summary>
/// A small static file server on 127.0.0.1 for the published Blazor site: correct MIME types
/// (application/wasm for streaming compilation), index.html for "/", 404 for anything outside the folder.
/// </summary>
public sealed class StaticSiteServer : IDisposable
{
    private static readonly Dictionary<string, string> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript",
        [".mjs"] = "text/javascript",
        [".css"] = "text/css",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm",
        [".dll"] = "application/octet-stream",
        [".dat"] = "application/octet-stream",
        [".blat"] = "application/octet-stream",
        [".pdb"] = "application/octet-stream",
        [".webcil"] = "application/octet-stream",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".svg"] = "image/svg+xml",
        [".txt"] = "text/plain",
    };

    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;

    /// <summary>Starts serving <paramref name="root"/> on a free port of 127.0.0.1.</summary>
    /// <param name="root">The site's folder (the publish output's <c>wwwroot</c>).</param>
    public StaticSiteServer(string root)
    {
        _root = Path.GetFullPath(root);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The port served.</summary>
    public int Port { get; }

    /// <summary>The site's address, ending in '/'.</summary>
    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>Requests served, by path: the tests check nothing was fetched from elsewhere.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Paths answered 404.</summary>
    public List<string> NotFound { get; } = [];

    /// <inheritdoc/>
    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener's close ends the loop with an exception; nothing to report
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Respond(context));
        }
    }

    private void Respond(HttpListenerContext context)
    {
        try
        {
            string path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
            lock (Requests)
            {
                Requests.Add(path);
            }

            string file = Path.GetFullPath(Path.Combine(_root, path.Length == 0 ? "index.html" : path));
            if (!File.Exists(file) && Path.GetExtension(path).Length == 0)
            {
                file = Path.Combine(_root, "index.html"); // a client-side route
            }

            if (!file.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
            {
                lock (Requests)
                {
                    NotFound.Add(path);
                }

                context.Response.StatusCode = 404;
                context.Response.Close();
                return;
            }

            byte[] body = File.ReadAllBytes(file);
            context.Response.ContentType = s_types.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
            context.Response.Headers["Cache-Control"] = "no-cache";
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the browser went away mid-response
        }
    }
}
