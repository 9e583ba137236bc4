using System.Net;
using System.Net.Sockets;
using System.Text;
using TlsNotebooks.Organisation;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.MutualTls;

/// <summary>
/// The other way to tell callers apart: server-only TLS, and a secret token in every request
/// ("Authorization: Bearer ...", RFC 6750). Whoever holds the token is let in, from anywhere;
/// the service cannot tell a copy from the original. One connection at a time on 127.0.0.1.
/// </summary>
public sealed class BearerTokenService : IDisposable
{
    private readonly TcpListener _listener;
    private readonly ServiceIdentity _service;
    private readonly string _token;

    private BearerTokenService(ServiceIdentity service, string token)
    {
        _service = service;
        _token = token;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
    }

    /// <summary>
    /// Starts <paramref name="service"/>, which accepts <paramref name="token"/>.
    /// </summary>
    public static BearerTokenService Start(ServiceIdentity service, string token) =>
        new(service, token);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// One request carrying <paramref name="token"/> (null: none), over server-only TLS; the
    /// service's status line comes back.
    /// </summary>
    public string Get(string? token, IServerCertificateVerifier serverVerifier)
    {
        var serve = Task.Run(ServeOne);
        using var tcp = new TcpClient { NoDelay = true };
        tcp.Connect(IPAddress.Loopback, Port);
        var client = new TlsClient(tcp.GetStream(), new TlsClientOptions
        {
            ServerName = _service.HostName,
            CertificateVerifier = serverVerifier,
            ReadTimeout = TimeSpan.FromSeconds(10),
        });
        client.Connect();
        var header = token is null ? "" : $"Authorization: Bearer {token}\r\n";
        client.Write(Encoding.ASCII.GetBytes($"GET /stock HTTP/1.0\r\n{header}\r\n"));
        var reply = Encoding.ASCII.GetString(client.Read());
        client.Close();
        if (!serve.Wait(TimeSpan.FromSeconds(15)))
        {
            throw new TimeoutException($"{_service.Name} did not finish within 15 s");
        }

        return reply;
    }

    public void Dispose() => _listener.Stop();

    private void ServeOne()
    {
        using var tcp = _listener.AcceptTcpClient();
        tcp.NoDelay = true;
        var server = new TlsServer(tcp.GetStream(), new TlsServerOptions
        {
            Credential = _service.ServerCredential,
            ReadTimeout = TimeSpan.FromSeconds(10),
        });
        server.Accept();
        var request = Encoding.ASCII.GetString(server.Read());
        var presented = request.Split("\r\n")
            .FirstOrDefault(l => l.StartsWith("Authorization: Bearer ", StringComparison.Ordinal))?
            ["Authorization: Bearer ".Length..];
        // Compared in constant time, as a secret should be; the weakness shown here is another.
        var good = presented is not null && System.Security.Cryptography.CryptographicOperations
            .FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(_token));
        var answer = good
            ? $"HTTP/1.0 200 OK ({_service.Name}: the token is good, here is the stock list)"
            : "HTTP/1.0 401 Unauthorized";
        server.Write(Encoding.ASCII.GetBytes(answer));
        server.Close();
    }
}
