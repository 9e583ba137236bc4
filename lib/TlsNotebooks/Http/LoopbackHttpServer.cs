using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace TlsNotebooks.Http;

/// <summary>A request as the server's handler sees it.</summary>
/// <param name="Method">GET, POST...</param>
/// <param name="Path">The path without the query, such as "/login".</param>
/// <param name="Form">The query and, for a form POST, the body's fields.</param>
/// <param name="Body">The body as text.</param>
public sealed record HttpRequestSeen(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Form,
    string Body);

/// <summary>What the handler answers: a status and a text body.</summary>
public sealed record HttpReply(int Status, string Body, string ContentType = "text/plain");

/// <summary>
/// A plain-HTTP server on 127.0.0.1 built on the framework's <see cref="HttpListener"/>: the
/// framework parses HTTP, the handler only answers. For demonstrations of what travels in
/// clear; every request and reply is kept for inspection.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpRequestSeen, HttpReply> _handler;
    private readonly List<HttpRequestSeen> _requests = new();
    private readonly Task _loop;

    private LoopbackHttpServer(Func<HttpRequestSeen, HttpReply> handler)
    {
        _handler = handler;
        Port = StartOnFreePort(_listener);
        _loop = Task.Run(Serve);
    }

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static LoopbackHttpServer Start(Func<HttpRequestSeen, HttpReply> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new LoopbackHttpServer(handler);
    }

    public int Port { get; }

    /// <summary>"http://127.0.0.1:port/".</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The requests served so far, as the server understood them.</summary>
    public IReadOnlyList<HttpRequestSeen> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Parses "a=1&amp;b=2" the way an HTML form sends it (application/x-www-form-urlencoded:
    /// '+' for a space, %XX for a byte), with the framework's own parser. A name given twice
    /// keeps its last value.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseForm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = HttpUtility.ParseQueryString(text, Encoding.UTF8);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in parsed.AllKeys)
        {
            var values = parsed.GetValues(name) ?? [];

            // A field without '=' ("flag") comes back with a null name and the text as value.
            if (name is null)
            {
                foreach (var bare in values)
                {
                    fields[bare] = string.Empty;
                }
            }
            else
            {
                fields[name] = values.Length == 0 ? string.Empty : values[^1];
            }
        }

        return fields;
    }

    private static int StartOnFreePort(HttpListener listener)
    {
        // HttpListener cannot bind port 0; take a port the system says is free. Another
        // program may grab it in between, so try a few.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return port;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException
                or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = reader.ReadToEnd();
            }

            var form = new Dictionary<string, string>(
                ParseForm(request.Url?.Query.TrimStart('?') ?? string.Empty),
                StringComparer.Ordinal);
            if (request.ContentType?.StartsWith("application/x-www-form-urlencoded",
                StringComparison.OrdinalIgnoreCase) == true)
            {
                foreach (var (name, value) in ParseForm(body))
                {
                    form[name] = value;
                }
            }

            var seen = new HttpRequestSeen(request.HttpMethod, request.Url?.AbsolutePath ?? "/",
                form, body);
            lock (_requests)
            {
                _requests.Add(seen);
            }

            HttpReply reply;
            try
            {
                reply = _handler(seen);
            }
            catch (Exception e)
            {
                reply = new HttpReply(500, $"the handler failed: {e.Message}");
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType + "; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException
            or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }
}
