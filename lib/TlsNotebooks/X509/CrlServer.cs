using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>
/// A tiny HTTP server on the loopback interface that publishes CRLs at their distribution
/// point URLs (RFC 5280 §4.2.1.13), for demonstrations. It answers GET with the DER CRL as
/// <c>application/pkix-crl</c> (RFC 2585 §4.2), and 404 for anything else.
/// </summary>
/// <remarks>
/// Teaching code: HTTP/1.0-style, one request per connection, no TLS. It binds to
/// 127.0.0.1 on a free port only, and every read has a timeout.
/// </remarks>
public sealed class CrlServer : IDisposable
{
    private const int MaxRequestBytes = 8192;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, byte[]> _documents = new();
    private readonly Task _loop;
    private int _disposed;
    private int _requests;

    private CrlServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where the server listens, such as http://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; }

    /// <summary>How many requests have been answered (a notebook can show the fetches).</summary>
    public int RequestCount => _requests;

    /// <summary>How long a client may take to send its request before it is dropped.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Starts a server on 127.0.0.1 on a port the system picks.</summary>
    public static CrlServer Start() => new();

    /// <summary>The URL a CRL published under <paramref name="name"/> will have.</summary>
    public string UrlFor(string name) => new Uri(BaseUri, name.TrimStart('/')).ToString();

    /// <summary>
    /// Publishes (or replaces) a CRL; returns its URL for cRLDistributionPoints.
    /// </summary>
    public string Publish(string name, X509Crl crl)
    {
        _documents["/" + name.TrimStart('/')] = crl.GetEncoded();
        return UrlFor(name);
    }

    /// <summary>Stops serving a CRL, so that fetching it fails with 404.</summary>
    public void Withdraw(string name) => _documents.TryRemove("/" + name.TrimStart('/'), out _);

    /// <summary>Stops the server; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException
                or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            timeout.CancelAfter(ReadTimeout);
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream, timeout.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _requests);
                var found = path is not null && _documents.TryGetValue(path, out var body);
                var content = found ? _documents[path!] : Encoding.ASCII.GetBytes("not found\n");
                var head = (found ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 404 Not Found\r\n") +
                    $"Content-Type: {(found ? "application/pkix-crl" : "text/plain")}\r\n" +
                    $"Content-Length: {content.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token)
                    .ConfigureAwait(false);
                await stream.WriteAsync(content, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException
                or SocketException or ObjectDisposedException)
            {
                // A client that goes away or is too slow is simply dropped.
            }
        }
    }

    private static async Task<string?> ReadRequestPathAsync(Stream stream, CancellationToken token)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), token)
                .ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n",
                    StringComparison.Ordinal))
            {
                break;
            }
        }

        // Request-Line = Method SP Request-URI SP HTTP-Version (RFC 9112 §3)
        var line = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0].Split(' ');
        return line.Length == 3 && line[0] == "GET" ? line[1].Split('?')[0] : null;
    }
}
