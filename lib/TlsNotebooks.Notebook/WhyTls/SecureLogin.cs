using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TlsNotebooks.Presentation;
using TlsNotebooks.Relay;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// What happened in one login over TLS through the relay: what each end got, how each end
/// failed if it did, and what the relay recorded.
/// </summary>
public sealed record LoginOutcome(
    string Stack,
    string? ServerGot,
    string? ServerError,
    string? ClientGot,
    string? ClientError,
    OnPathRelay Relay,
    string? KeyLogLine) : IFieldTable
{
    /// <summary>What the client sent, as the eavesdropper captured it.</summary>
    public byte[] Upstream => Relay.Captured(RelayDirection.ClientToServer);

    /// <summary>What the server sent, as the eavesdropper captured it.</summary>
    public byte[] Downstream => Relay.Captured(RelayDirection.ServerToClient);

    /// <summary>Whether the password's bytes appear anywhere in the capture.</summary>
    public bool PasswordVisible =>
        ByteView.Contains(Upstream, "correct") || ByteView.Contains(Upstream, "password");

    public string TableTitle => $"Login over {Stack}, through the relay";

    public IReadOnlyList<Field> GetFields() =>
    [
        new("the server received", Short(ServerGot) ?? "(nothing)", ServerError),
        new("the client received", Short(ClientGot) ?? "(nothing)", ClientError),
        new("bytes captured", $"{Upstream.Length} up, {Downstream.Length} down"),
        new("password readable in the capture", PasswordVisible ? "yes" : "no"),
        new("bytes changed in flight",
            Relay.Chunks.Any(c => c.Modified) ? "yes" : "no"),
    ];

    public override string ToString() => Html.PlainTable(this);

    private static string? Short(string? text) =>
        string.IsNullOrEmpty(text) ? null : text.Length <= 260 ? text : text[..260] + " ...";
}

/// <summary>
/// The login of the plain-HTTP demo, sent over TLS instead, through an
/// <see cref="OnPathRelay"/>: with this library's <see cref="TlsClient"/> and
/// <see cref="TlsServer"/> (TLS 1.2), or with .NET's SslStream on both ends (TLS 1.3 by
/// default). The server answers with <see cref="DemoBank.AccountPage"/>.
/// </summary>
public static class SecureLogin
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The HTTP request the client sends inside TLS: the bank's login form.</summary>
    public static byte[] LoginRequest()
    {
        var body = $"user={DemoBank.User}&password={WebUtility.UrlEncode(DemoBank.Password)}";
        return Encoding.ASCII.GetBytes(
            "POST /login HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n"
            + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
    }

    /// <summary>Our own TLS 1.2 client and server.</summary>
    public static LoginOutcome WithOurTls(DemoPki pki, IInFlightEditor? attacker = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        string? keyLog = null;
        return Run("this library's TLS 1.2", attacker, stream =>
        {
            var server = new TlsServer(stream, new TlsServerOptions
            {
                Credential = pki.Credential,
                ReadTimeout = Patience,
            });
            server.Accept();
            var request = Encoding.ASCII.GetString(server.Read());
            server.Write(Encoding.UTF8.GetBytes(Response()));
            server.Close();
            return request;
        }, stream =>
        {
            var client = new TlsClient(stream, new TlsClientOptions
            {
                ServerName = "localhost",
                CertificateVerifier = pki.Verifier,
                ReadTimeout = Patience,
                KeyLog = line => keyLog = line,
            });
            client.Connect();
            client.Write(LoginRequest());
            var reply = new StringBuilder();
            for (var chunk = client.Read(); chunk.Length > 0; chunk = client.Read())
            {
                reply.Append(Encoding.UTF8.GetString(chunk));
            }

            return reply.ToString();
        }, () => keyLog);
    }

    /// <summary>.NET's SslStream on both ends, with the versions the platform prefers.</summary>
    public static LoginOutcome WithSslStream(DemoPki pki, IInFlightEditor? attacker = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var protocol = "?";
        var outcome = Run("SslStream", attacker, stream =>
        {
            using var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
            ssl.ReadTimeout = (int)Patience.TotalMilliseconds;
            ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(
                    pki.Server, [], offline: true),
            });
            var buffer = new byte[4096];
            var read = ssl.Read(buffer);
            ssl.Write(Encoding.UTF8.GetBytes(Response()));
            ssl.ShutdownAsync().Wait(Patience);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }, stream =>
        {
            using var ssl = new SslStream(stream);
            ssl.ReadTimeout = (int)Patience.TotalMilliseconds;
            ssl.AuthenticateAsClient(ClientOptions(pki, SslProtocols.None));
            protocol = ssl.SslProtocol.ToString();
            ssl.Write(LoginRequest());
            using var reader = new StreamReader(ssl, Encoding.UTF8);
            return reader.ReadToEnd();
        }, () => null);
        return outcome with { Stack = $"SslStream ({protocol})" };
    }

    internal static SslClientAuthenticationOptions ClientOptions(DemoPki pki,
        SslProtocols protocols) => new()
    {
        TargetHost = "localhost",
        EnabledSslProtocols = protocols,
        CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { pki.Root },
            RevocationMode = X509RevocationMode.NoCheck,
        },
    };

    private static string Response()
    {
        var page = DemoBank.AccountPage(DemoBank.User);
        return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + $"Content-Length: {Encoding.UTF8.GetByteCount(page)}\r\nConnection: close\r\n\r\n"
            + page;
    }

    private static LoginOutcome Run(string stack, IInFlightEditor? attacker,
        Func<NetworkStream, string> serve, Func<NetworkStream, string> talk,
        Func<string?> keyLog)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(() =>
        {
            using var tcp = listener.AcceptTcpClient();
            using var stream = tcp.GetStream();
            try
            {
                return (serve(stream), (string?)null);
            }
            catch (Exception e)
            {
                // Half-close and drain, so the alert just sent reaches the client before
                // the socket closes (closing with unread bytes would send a reset).
                try
                {
                    tcp.Client.Shutdown(SocketShutdown.Send);
                    tcp.Client.ReceiveTimeout = 1000;
                    while (tcp.Client.Receive(new byte[4096]) > 0)
                    {
                    }
                }
                catch (Exception drain) when (drain is SocketException
                    or ObjectDisposedException)
                {
                }

                return ((string?)null, Describe(e));
            }
        });

        var relay = OnPathRelay.Start(port, new RelayOptions
        {
            Editor = attacker,
            IdleTimeout = TimeSpan.FromSeconds(5),
        });
        string? clientGot = null;
        string? clientError = null;
        using (var tcp = new TcpClient())
        {
            tcp.Connect(IPAddress.Loopback, relay.Port);
            tcp.NoDelay = true;
            try
            {
                clientGot = talk(tcp.GetStream());
            }
            catch (Exception e)
            {
                clientError = Describe(e);
            }
        }

        var (serverGot, serverError) = server.Wait(Patience)
            ? server.Result
            : (null, "the server did not finish in time");
        relay.WaitForClosed(1, Patience);
        relay.Dispose();
        return new LoginOutcome(stack, serverGot, serverError, clientGot, clientError, relay,
            keyLog());
    }

    private static string Describe(Exception e)
    {
        if (e is TlsAlertException alert)
        {
            // A received alert carries no reason beyond its name: the peer sends one byte.
            return alert.Received
                ? $"received the alert {TlsNames.Alert(alert.Description)} from its peer"
                : $"sent the alert {TlsNames.Alert(alert.Description)}: {alert.Reason}";
        }

        // SslStream wraps OpenSSL's reason (such as "bad record mac") two levels down.
        var messages = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            messages.Add(inner.Message);
        }

        return $"{e.GetType().Name}: {string.Join(" / ", messages.Distinct())}";
    }
}
