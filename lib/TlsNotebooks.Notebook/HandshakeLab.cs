using System.Net;
using System.Net.Sockets;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Notebook;

/// <summary>
/// The library's client and server joined by a real TCP connection on 127.0.0.1, both driven
/// from the notebook's own thread: a cell calls one side's step, the next cell the other
/// side's. This works without threads because each flight is a few kilobytes, far less than
/// the loopback socket buffers hold, so a writer never waits for its reader.
/// </summary>
public sealed class HandshakeLab : IDisposable
{
    /// <summary>A request with a secret in it, for the key log and forward secrecy.</summary>
    public const string Request = "GET /account/balance HTTP/1.1\r\nHost: localhost\r\n"
        + "Cookie: session=7d1f0c2a\r\n\r\n";

    public const string Response = "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n"
        + "balance: 1337 EUR";

    private readonly TcpClient _clientTcp;
    private readonly TcpClient _serverTcp;
    private readonly List<string> _keyLog = new();
    private readonly PathValidatorCertificateVerifier _verifier;

    private HandshakeLab(LessonPki pki, CipherSuite suite, string? seed, bool ems,
        Func<Stream, Stream>? clientWire, LessonPki clientTrusts)
    {
        Pki = pki;
        Seed = seed;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _clientTcp = new TcpClient { NoDelay = true };
            _clientTcp.Connect(IPAddress.Loopback, Port);
            _serverTcp = listener.AcceptTcpClient();
            _serverTcp.NoDelay = true;
        }
        finally
        {
            listener.Stop();
        }

        // PKCS#1 v1.5 signatures are deterministic; RSA-PSS takes a random salt from the
        // operating system, which would change the ServerKeyExchange on every run.
        IReadOnlyList<SignatureScheme> signatures = seed is null
            ? Tls.Crypto.TlsSignatures.Supported
            : [SignatureScheme.RsaPkcs1Sha256];
        Stream clientStream = _clientTcp.GetStream();
        _verifier = clientTrusts.Verifier;
        Client = new TlsClient(clientWire?.Invoke(clientStream) ?? clientStream,
            new TlsClientOptions
            {
                ServerName = "localhost",
                CertificateVerifier = _verifier,
                SignatureAlgorithms = signatures,
                ExtendedMasterSecret = ems,
                Random = seed is null ? TlsRandom.Secure : TlsRandom.Seeded(seed + " client"),
                ReadTimeout = TimeSpan.FromSeconds(5),
                KeyLog = line => _keyLog.Add(line),
            });
        Server = new TlsServer(_serverTcp.GetStream(), new TlsServerOptions
        {
            Credential = pki.ServerCredential,
            CipherSuites = [suite],
            SignatureAlgorithms = signatures,
            ExtendedMasterSecret = ems,
            Random = seed is null ? TlsRandom.Secure : TlsRandom.Seeded(seed + " server"),
            ReadTimeout = TimeSpan.FromSeconds(5),
        });
    }

    public TlsClient Client { get; }

    public TlsServer Server { get; }

    public LessonPki Pki { get; }

    /// <summary>The seed of both sides' randomness, or null for real randomness.</summary>
    public string? Seed { get; }

    /// <summary>
    /// How the client's path validator judged the server's chain, with every check it made
    /// (null until the client has received the Certificate).
    /// </summary>
    public X509.ValidationResult? ServerChainValidation => _verifier.LastResult;

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>
    /// The client's NSS key log lines (CLIENT_RANDOM ...), the format Wireshark reads.
    /// </summary>
    public string KeyLog => string.Concat(_keyLog.Select(line => line + "\n"));

    /// <summary>
    /// Joins a client and a server. With a seed every random value (hello randoms, DH private
    /// values) comes from it, so the same seed gives the same bytes; null uses real randomness.
    /// The server accepts only <paramref name="suite"/>, the client offers its usual three.
    /// </summary>
    /// <param name="extendedMasterSecret">RFC 7627; off by default to show the RFC 5246 master
    /// secret, which the lesson derives by hand.</param>
    /// <param name="clientWire">Wraps the client's connection, for a man in the middle.</param>
    /// <param name="clientTrusts">The PKI whose root the client trusts; by default the one
    /// whose certificate the server presents.</param>
    public static HandshakeLab Start(
        LessonPki pki,
        CipherSuite suite = CipherSuite.TlsDheRsaWithAes128GcmSha256,
        string? seed = "lesson 3",
        bool extendedMasterSecret = false,
        Func<Stream, Stream>? clientWire = null,
        LessonPki? clientTrusts = null) =>
        new(pki, suite, seed, extendedMasterSecret, clientWire, clientTrusts ?? pki);

    /// <summary>All four flights, in the order they cross the wire.</summary>
    public HandshakeLab RunHandshake()
    {
        Client.SendClientHello();
        Server.ReceiveClientHello();
        Server.SendServerFlight();
        Client.ReceiveServerFlight();
        Client.SendClientFlight();
        Server.ReceiveClientFlight();
        Server.SendServerFinished();
        Client.ReceiveServerFinished();
        return this;
    }

    /// <summary>
    /// The client sends <see cref="Request"/>, the server answers <see cref="Response"/>.
    /// </summary>
    public string ExchangeApplicationData()
    {
        Client.Write(System.Text.Encoding.ASCII.GetBytes(Request));
        var request = Server.Read();
        Server.Write(System.Text.Encoding.ASCII.GetBytes(Response));
        var response = Client.Read();
        return System.Text.Encoding.ASCII.GetString(request) + "\n---\n"
            + System.Text.Encoding.ASCII.GetString(response);
    }

    /// <summary>
    /// An attacker's move: writes recorded bytes on the client's connection as they are,
    /// without the client (which stays unused). The server reads them as a client's flights.
    /// </summary>
    public void ReplayToServer(byte[] recordedClientBytes) =>
        _clientTcp.GetStream().Write(recordedClientBytes);

    /// <summary>
    /// What the server has sent on the client's connection and nobody has read yet, raw; for
    /// the attacker of <see cref="ReplayToServer"/> to look at.
    /// </summary>
    public byte[] ReadUnreadServerBytes()
    {
        var stream = _clientTcp.GetStream();
        var bytes = new MemoryStream();
        var buffer = new byte[16384];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 2000 && (stream.DataAvailable || bytes.Length == 0))
        {
            if (!stream.DataAvailable)
            {
                Thread.Sleep(10);
                continue;
            }

            bytes.Write(buffer, 0, stream.Read(buffer));
        }

        return bytes.ToArray();
    }

    /// <summary>
    /// Every handshake message the client sent or received before the first Finished, in
    /// order and concatenated: what the client's verify_data hashes (RFC 5246 §7.4.9).
    /// </summary>
    public byte[] HandshakeMessagesBeforeClientFinished() =>
        Client.Transcript.Messages
            .Where(m => m.ContentType == ContentType.Handshake)
            .TakeWhile(m => m.Message is not Finished)
            .SelectMany(m => m.Bytes)
            .ToArray();

    /// <summary>
    /// Runs <paramref name="count"/> live handshakes (real randomness) and returns, for each
    /// step, the median time on the client and on the server, in milliseconds. The first run
    /// warms up the just-in-time compiler and is not counted.
    /// </summary>
    public static IReadOnlyList<(string Step, double ClientMs, double ServerMs)> MedianStepTimes(
        LessonPki pki, int count = 15)
    {
        var client = new Dictionary<string, List<double>>();
        var server = new Dictionary<string, List<double>>();
        for (var i = 0; i <= count; i++)
        {
            using var lab = Start(pki, seed: null).RunHandshake();
            if (i == 0)
            {
                continue;
            }

            Collect(client, lab.Client.Timings);
            Collect(server, lab.Server.Timings);
        }

        return client.Keys
            .Select(step => (step, Median(client[step]), Median(server[step])))
            .ToList();
    }

    /// <summary>
    /// Runs an action that should fail and says how: the alert, who raised it, and why.
    /// </summary>
    public static TlsOutcome Attempt(Action action)
    {
        try
        {
            action();
            return new TlsOutcome(true, null, false, "completed");
        }
        catch (TlsAlertException e)
        {
            return new TlsOutcome(false, e.Description, e.Received, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return new TlsOutcome(false, null, false, e.Message);
        }
    }

    public void Dispose()
    {
        _clientTcp.Dispose();
        _serverTcp.Dispose();
    }

    private static void Collect(Dictionary<string, List<double>> into,
        IReadOnlyList<StepTiming> timings)
    {
        foreach (var timing in timings)
        {
            if (!into.TryGetValue(timing.Step, out var list))
            {
                into[timing.Step] = list = new List<double>();
            }

            list.Add(timing.Elapsed.TotalMilliseconds);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>How an attempt ended: completed, or refused with an alert.</summary>
/// <param name="Completed">True when no alert was raised.</param>
/// <param name="Alert">The TLS alert (RFC 5246 §7.2), if there was one.</param>
/// <param name="Received">True when the alert came from the peer rather than this side.</param>
/// <param name="Reason">What went wrong, in the library's words.</param>
public sealed record TlsOutcome(bool Completed, AlertDescription? Alert, bool Received,
    string Reason)
{
    public override string ToString() => Completed
        ? "completed"
        : Alert is { } alert
            ? $"refused with the alert {TlsNames.Alert(alert)}"
                + $"{(Received ? " (sent by the peer)" : string.Empty)}: "
                + WithoutPrefix(Reason, TlsNames.Alert(alert) + ": ")
            : $"refused: {Reason}";

    // The library's alert messages already start with the alert's name.
    private static string WithoutPrefix(string text, string prefix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
}
