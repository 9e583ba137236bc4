using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Organisation;

/// <summary>What one connection to a service came to, as the service saw it.</summary>
/// <param name="Caller">The commonName of the client certificate; null when none was sent.</param>
/// <param name="Accepted">True when the handshake completed and the request was answered.</param>
/// <param name="Alert">The alert the service sent or received; null when it answered.</param>
/// <param name="AlertReceived">True when the caller sent the alert, not the service.</param>
/// <param name="Reason">Why it refused (the rule that was broken), or what it answered.</param>
/// <param name="Transcript">Every record and message of the connection, server side.</param>
public sealed record ServerOutcome(
    string? Caller,
    bool Accepted,
    AlertDescription? Alert,
    bool AlertReceived,
    string Reason,
    TlsTranscript? Transcript)
{
    public override string ToString() => Accepted
        ? $"accepted {Caller ?? "an anonymous client"}: {Reason}"
        : $"refused with {(Alert is { } a ? TlsNames.Alert(a) : "no alert")}: {Reason}";
}

/// <summary>
/// One service of the organisation listening on 127.0.0.1: it accepts connections one at a
/// time on a background task, runs the TLS handshake with the organisation's client checks
/// (chain to the root, clientAuth, CRL, then the access policy), answers one request with
/// "service: hello caller", and records each outcome. Dispose stops it.
/// </summary>
public sealed class OrganisationServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly BlockingCollection<ServerOutcome> _pending = new();
    private readonly List<ServerOutcome> _outcomes = [];
    private readonly Task _loop;
    private readonly TlsServerOptions _options;

    internal OrganisationServer(
        Organisation organisation,
        ServiceIdentity service,
        ClientAuthentication clientAuthentication)
    {
        Service = service;
        ClientAuthentication = clientAuthentication;
        Verifier = organisation.ClientVerifier();
        _options = new TlsServerOptions
        {
            Credential = service.ServerCredential,
            ClientAuthentication = clientAuthentication,
            ClientCertificateVerifier = Verifier,
            ClientAuthorizer = clientAuthentication == ClientAuthentication.None
                ? null
                : organisation.Policy.For(service.Name),

            // RFC 5246 §7.4.4: certificate_authorities names the CAs whose certificates the
            // server accepts, so a client with several certificates can pick the right one.
            AcceptableClientCertificateAuthorities =
                [organisation.IssuingCertificate.SubjectName.RawData],
            ReadTimeout = TimeSpan.FromSeconds(10),
        };
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public ServiceIdentity Service { get; }

    public ClientAuthentication ClientAuthentication { get; }

    /// <summary>
    /// The chain check this service runs; its LastResult holds the latest trace.
    /// </summary>
    public PathValidatorCertificateVerifier Verifier { get; }

    public int Port { get; }

    /// <summary>Every connection so far, oldest first.</summary>
    public IReadOnlyList<ServerOutcome> Outcomes
    {
        get
        {
            lock (_outcomes)
            {
                return _outcomes.ToList();
            }
        }
    }

    /// <summary>
    /// Waits for the outcome of the next connection not yet waited for; null after the
    /// timeout.
    /// </summary>
    public ServerOutcome? NextOutcome(TimeSpan timeout) =>
        _pending.TryTake(out var outcome, timeout) ? outcome : null;

    /// <summary>Our TLS client calls this service as <paramref name="caller"/>.</summary>
    public CallResult Call(ClientIdentity? caller, IServerCertificateVerifier serverVerifier)
    {
        var clock = Stopwatch.StartNew();
        using var tcp = new TcpClient { NoDelay = true };
        tcp.Connect(IPAddress.Loopback, Port);
        var client = new TlsClient(tcp.GetStream(), new TlsClientOptions
        {
            ServerName = Service.HostName,
            CertificateVerifier = serverVerifier,
            ClientCertificate = caller?.Credential,
            ReadTimeout = TimeSpan.FromSeconds(10),
        })
        {
            StolenCertificateSigningKey = caller?.SigningKeyInstead,
        };
        string? reply = null;
        TlsAlertException? clientError = null;
        try
        {
            client.Connect();
            client.Write(Encoding.ASCII.GetBytes("GET /stock HTTP/1.0\r\n\r\n"));
            reply = Encoding.ASCII.GetString(client.Read());
            client.Close();
        }
        catch (TlsAlertException e)
        {
            clientError = e;
        }

        var handshakeTime = TimeSpan.FromTicks(client.Timings.Sum(t => t.Elapsed.Ticks));
        var server = NextOutcome(TimeSpan.FromSeconds(15))
            ?? throw new TimeoutException($"{Service.Name} recorded no outcome within 15 s");
        clock.Stop();
        return new CallResult(caller?.Label ?? "no certificate", Service.Name,
            ClientAuthentication, reply, clientError, server, client.Transcript, handshakeTime);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    public override string ToString() =>
        $"{Service.Name} on 127.0.0.1:{Port} (client certificate: {ClientAuthentication})";

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException
                or ObjectDisposedException)
            {
                return;
            }

            var outcome = Serve(tcp);
            lock (_outcomes)
            {
                _outcomes.Add(outcome);
            }

            _pending.Add(outcome);
        }
    }

    private ServerOutcome Serve(TcpClient tcp)
    {
        using (tcp)
        {
            tcp.NoDelay = true;
            var server = new TlsServer(tcp.GetStream(), _options);
            string? caller = null;
            try
            {
                server.Accept();
                caller = server.PeerCertificates.Count > 0
                    ? AccessPolicy.CallerName(server.PeerCertificates[0])
                    : null;
                var request = Encoding.ASCII.GetString(server.Read());
                var answer = $"{Service.Name}: hello {caller ?? "anonymous"}";
                server.Write(Encoding.ASCII.GetBytes(answer));
                server.Close();
                var line = request.Split("\r\n")[0];
                return new ServerOutcome(caller, true, null, false,
                    $"answered \"{line}\" with \"{answer}\"", server.Transcript);
            }
            catch (TlsAlertException e)
            {
                Linger(tcp);
                caller ??= server.PeerCertificates.Count > 0
                    ? AccessPolicy.CallerName(server.PeerCertificates[0])
                    : null;
                return new ServerOutcome(caller, false, e.Description, e.Received, e.Reason,
                    server.Transcript);
            }
            catch (Exception e) when (e is IOException or TimeoutException
                or SocketException or InvalidOperationException)
            {
                return new ServerOutcome(caller, false, null, false,
                    $"{e.GetType().Name}: {e.Message}", server.Transcript);
            }
        }
    }

    /// <summary>
    /// After a fatal alert, half-close and read until the peer closes (at most a second):
    /// closing at once with unread bytes makes TCP send a reset, which can destroy the alert
    /// before the peer has read it.
    /// </summary>
    private static void Linger(TcpClient tcp)
    {
        try
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
            tcp.Client.ReceiveTimeout = 1000;
            var buffer = new byte[4096];
            while (tcp.Client.Receive(buffer) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
