using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Internal;
using TlsNotebooks.Tls.Messages;
using CertificateRequest = TlsNotebooks.Tls.Messages.CertificateRequest;

namespace TlsNotebooks.Tls;

/// <summary>
/// What the client expects to do next; the names follow the RFC 5246 §7.3 flights.
/// </summary>
public enum ClientState
{
    SendClientHello,
    ExpectServerHello,
    SendClientKeyExchange,
    ExpectServerFinished,
    Connected,
}

/// <summary>The server's first flight, message by message (RFC 5246 §7.3).</summary>
public sealed record ServerFlight(
    ServerHello ServerHello,
    Certificate Certificate,
    ServerKeyExchange? ServerKeyExchange,
    CertificateRequest? CertificateRequest,
    ServerHelloDone ServerHelloDone);

/// <summary>The client's second flight.</summary>
public sealed record ClientFlight(
    Certificate? Certificate,
    ClientKeyExchange ClientKeyExchange,
    CertificateVerify? CertificateVerify,
    Finished Finished);

/// <summary>
/// A TLS 1.2 client. Either call <see cref="Connect()"/>, or step through the handshake one
/// flight per call: <see cref="SendClientHello"/>, <see cref="ReceiveServerFlight"/>,
/// <see cref="SendClientFlight"/>, <see cref="ReceiveServerFinished"/>.
/// </summary>
public sealed class TlsClient : TlsConnection
{
    private readonly TlsClientOptions _options;
    private ClientHello? _clientHello;
    private RSA? _serverKey;
    private ServerFlight? _serverFlight;

    public TlsClient(Stream stream, TlsClientOptions options)
        : base(stream, options)
    {
        _options = options;
    }

    public ClientState State { get; private set; } = ClientState.SendClientHello;

    public override bool IsHandshakeComplete => State == ClientState.Connected;

    /// <summary>
    /// Deliberately insecure, for the stolen-certificate lesson: sign CertificateVerify with
    /// this key instead of the certificate's own, as a thief holding only the certificate
    /// file would have to. The server must refuse with decrypt_error.
    /// </summary>
    public RSA? StolenCertificateSigningKey { get; init; }

    /// <summary>
    /// Why the client answered the server's CertificateRequest with an empty Certificate
    /// although it has one (RFC 5246 §7.4.6: the certificate did not suit the request); null
    /// when it sent its certificate, had none, or was not asked.
    /// </summary>
    public string? ClientCertificateWithheld { get; private set; }

    /// <summary>
    /// Opens a TCP connection and runs the whole handshake: the one-call client. Dispose the
    /// result to send close_notify and close the socket.
    /// </summary>
    public static TlsClient Connect(string host, int port, TlsClientOptions options)
    {
        var tcp = new System.Net.Sockets.TcpClient { NoDelay = true };
        try
        {
            using (var cancel = new CancellationTokenSource(options.ReadTimeout))
            {
                tcp.ConnectAsync(host, port, cancel.Token).AsTask().GetAwaiter().GetResult();
            }

            var client = new TlsClient(tcp.GetStream(), options) { OwnedTransport = tcp };
            client.Connect();
            return client;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The whole handshake in one call.</summary>
    public void Connect()
    {
        SendClientHello();
        ReceiveServerFlight();
        SendClientFlight();
        ReceiveServerFinished();
    }

    /// <summary>Flight 1: the offer (RFC 5246 §7.4.1.2).</summary>
    public ClientHello SendClientHello() => Step("ClientHello", () =>
    {
        Expect(ClientState.SendClientHello);
        ClientRandom = Random.GetBytes(32);
        var extensions = new List<TlsExtension>();
        if (_options.ServerName is { } name && !IPAddress.TryParse(name, out _))
        {
            // RFC 6066 §3: literal IP addresses are not sent as server names.
            extensions.Add(new ServerNameExtension(name));
        }

        var groups = new List<NamedGroup>();
        if (_options.CipherSuites.Contains(CipherSuite.TlsEcdheRsaWithAes128GcmSha256))
        {
            groups.Add(NamedGroup.X25519);
        }

        if (_options.CipherSuites.Contains(CipherSuite.TlsDheRsaWithAes128GcmSha256))
        {
            groups.Add(NamedGroup.Ffdhe2048);
        }

        if (groups.Count > 0)
        {
            extensions.Add(new SupportedGroupsExtension(groups));
        }

        extensions.Add(new SignatureAlgorithmsExtension(_options.SignatureAlgorithms));
        if (_options.ExtendedMasterSecret)
        {
            extensions.Add(new ExtendedMasterSecretExtension());
        }

        // RFC 5746 §3.4: an empty renegotiation_info says "I know about secure renegotiation".
        extensions.Add(new RenegotiationInfoExtension([]));

        _clientHello = new ClientHello
        {
            Random = ClientRandom,
            CipherSuites = _options.CipherSuites.Select(s => (ushort)s).ToList(),
            Extensions = extensions,
        };
        SendHandshake(_clientHello);
        State = ClientState.ExpectServerHello;
        return _clientHello;
    });

    /// <summary>
    /// Flight 2: ServerHello, Certificate, ServerKeyExchange (not for RSA), an optional
    /// CertificateRequest and ServerHelloDone; each checked as it arrives.
    /// </summary>
    public ServerFlight ReceiveServerFlight() => Step("ServerHello..ServerHelloDone", () =>
    {
        Expect(ClientState.ExpectServerHello);
        var serverHello = ReceiveHandshake<ServerHello>();
        ProcessServerHello(serverHello);

        var certificate = ReceiveHandshake<Certificate>();
        ProcessServerCertificate(certificate);

        ServerKeyExchange? keyExchange = null;
        if (KeyExchange != KeyExchangeAlgorithm.Rsa)
        {
            keyExchange = ReceiveHandshake<ServerKeyExchange>();
            VerifyServerKeyExchange(keyExchange);
        }

        CertificateRequest? request = null;
        var next = ReceiveAnyHandshake();
        if (next is CertificateRequest certificateRequest)
        {
            request = certificateRequest;
            next = ReceiveAnyHandshake();
        }

        if (next is not ServerHelloDone done)
        {
            throw new TlsAlertException(
                AlertDescription.UnexpectedMessage,
                $"expected ServerHelloDone but received {next.GetType().Name}");
        }

        _serverFlight = new ServerFlight(serverHello, certificate, keyExchange, request, done);
        State = ClientState.SendClientKeyExchange;
        return _serverFlight;
    });

    /// <summary>
    /// Flight 3: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec and
    /// the encrypted Finished.
    /// </summary>
    public ClientFlight SendClientFlight() => Step("ClientKeyExchange..Finished", () =>
    {
        Expect(ClientState.SendClientKeyExchange);
        var flight = _serverFlight!;

        // RFC 5246 §7.4.6: asked for a certificate, the client sends one, possibly empty.
        Certificate? certificate = null;
        TlsCredential? credential = null;
        var scheme = default(SignatureScheme);
        if (flight.CertificateRequest is { } request)
        {
            (credential, scheme) = SuitableCredential(request);
            certificate = credential is null
                ? new Certificate { CertificateList = [] }
                : Certificate.From(credential.Chain);
            SendHandshake(certificate);
        }

        var clientKeyExchange = ComputeKeyExchange(flight);
        SendHandshake(clientKeyExchange);

        // RFC 7627 §4: the session hash covers the messages up to ClientKeyExchange.
        EstablishKeys(isClient: true);

        CertificateVerify? certificateVerify = null;
        if (credential is not null)
        {
            certificateVerify = SignHandshake(scheme, credential);
            SendHandshake(certificateVerify);
        }

        SendChangeCipherSpec();
        var finished = MakeFinished(fromClient: true, outgoing: true);
        SendHandshake(finished);
        State = ClientState.ExpectServerFinished;
        return new ClientFlight(certificate, clientKeyExchange, certificateVerify, finished);
    });

    /// <summary>Flight 4: the server's ChangeCipherSpec and Finished, checked.</summary>
    public Finished ReceiveServerFinished() => Step("server Finished", () =>
    {
        Expect(ClientState.ExpectServerFinished);
        ReceiveChangeCipherSpec();
        var expected = MakeFinished(fromClient: false, outgoing: false).VerifyData;
        var finished = ReceiveHandshake<Finished>();
        CheckFinished(finished, expected, "server");
        State = ClientState.Connected;
        return finished;
    });

    private void ProcessServerHello(ServerHello hello)
    {
        // RFC 5246 Appendix E.1: this client speaks TLS 1.2 only.
        if (hello.ServerVersion != 0x0303)
        {
            throw new TlsAlertException(
                AlertDescription.ProtocolVersion,
                $"server chose version {TlsNames.Hex16(hello.ServerVersion)}; "
                + "this client speaks TLS 1.2 (0x0303) only");
        }

        var suite = (CipherSuite)hello.CipherSuite;
        if (!_options.CipherSuites.Contains(suite) || !CipherSuites.IsSupported(suite))
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                $"server chose cipher suite {CipherSuites.Name(suite)}, which was not offered "
                + "(RFC 5246 §7.4.1.3)");
        }

        if (hello.CompressionMethod != 0)
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                "server chose a compression method that was not offered (only null, 0)");
        }

        // RFC 5246 §7.4.1.4: a server may only answer extensions the client sent.
        foreach (var extension in hello.Extensions)
        {
            if (!_clientHello!.Extensions.Any(e => e.Type == extension.Type))
            {
                throw new TlsAlertException(
                    AlertDescription.UnsupportedExtension,
                    $"ServerHello carries {TlsNames.Snake(extension.Type)}, "
                    + "which the ClientHello did not offer");
            }
        }

        // RFC 5746 §3.4: on a first handshake the renegotiated_connection must be empty.
        if (hello.Find<RenegotiationInfoExtension>() is { RenegotiatedConnection.Length: > 0 })
        {
            throw new TlsAlertException(
                AlertDescription.HandshakeFailure,
                "renegotiation_info must be empty on an initial handshake (RFC 5746 §3.4)");
        }

        ServerRandom = hello.Random;
        NegotiatedCipherSuite = suite;
        UsesExtendedMasterSecret = _options.ExtendedMasterSecret
            && hello.Find<ExtendedMasterSecretExtension>() is not null;
    }

    private void ProcessServerCertificate(Certificate certificate)
    {
        if (certificate.CertificateList.Count == 0)
        {
            throw new TlsAlertException(
                AlertDescription.BadCertificate,
                "the server sent an empty Certificate; every suite here needs one");
        }

        PeerCertificates = certificate.LoadCertificates();
        _options.CertificateVerifier.VerifyServer(PeerCertificates, _options.ServerName);
        _serverKey = PeerRsaKey(PeerCertificates[0], "server");
    }

    /// <summary>
    /// RFC 5246 §7.4.3: the signature binds both randoms to the parameters. Then the
    /// parameters themselves are checked: a signed but weak group is still refused.
    /// </summary>
    private void VerifyServerKeyExchange(ServerKeyExchange keyExchange)
    {
        if (!_options.SignatureAlgorithms.Contains(keyExchange.SignatureAlgorithm))
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                $"ServerKeyExchange is signed with "
                + $"{TlsNames.Snake(keyExchange.SignatureAlgorithm)}, which was not offered");
        }

        TlsSignatures.Verify(_serverKey!, keyExchange.SignatureAlgorithm,
            keyExchange.SignedData(ClientRandom, ServerRandom), keyExchange.Signature,
            "ServerKeyExchange");

        if (keyExchange.KeyExchange == KeyExchangeAlgorithm.DheRsa)
        {
            CheckDhParameters(keyExchange);
        }
        else if (keyExchange.NamedCurve != NamedGroup.X25519 || keyExchange.Point.Length != 32)
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                $"ServerKeyExchange names {TlsNames.Snake(keyExchange.NamedCurve)} with a "
                + $"{keyExchange.Point.Length}-byte point; only x25519 (32 bytes) was offered");
        }
    }

    private static void CheckDhParameters(ServerKeyExchange keyExchange) =>
        DheMath.ServerGroupOf(keyExchange);

    /// <summary>
    /// Computes the premaster secret and the value that lets the server do the same.
    /// </summary>
    private ClientKeyExchange ComputeKeyExchange(ServerFlight flight)
    {
        var kx = KeyExchange!.Value;
        byte[] exchangeKeys;
        switch (kx)
        {
            case KeyExchangeAlgorithm.DheRsa:
            {
                var ske = flight.ServerKeyExchange!;
                var keyPair = DheMath.NewKeyPair(DheMath.ServerGroupOf(ske), Random.GetBytes(32));
                exchangeKeys = keyPair.PublicValuePadded();
                PreMasterSecret = DheMath.PreMasterSecret(keyPair, ske.DhYs, "server's dh_Ys");
                break;
            }

            case KeyExchangeAlgorithm.EcdheRsa:
            {
                var priv = new X25519PrivateKeyParameters(Random.GetBytes(32));
                exchangeKeys = priv.GeneratePublicKey().GetEncoded();
                PreMasterSecret = X25519Shared(priv, flight.ServerKeyExchange!.Point);
                break;
            }

            default:
            {
                // RFC 5246 §7.4.7.1: client_version, then 46 random bytes, RSA-encrypted.
                PreMasterSecret = [0x03, 0x03, .. Random.GetBytes(46)];
                exchangeKeys = _serverKey!.Encrypt(PreMasterSecret, RSAEncryptionPadding.Pkcs1);
                break;
            }
        }

        return new ClientKeyExchange { KeyExchange = kx, ExchangeKeys = exchangeKeys };
    }

    /// <summary>X25519 (RFC 7748 §6.1); an all-zero result means a low-order point.</summary>
    internal static byte[] X25519Shared(X25519PrivateKeyParameters priv, byte[] peerPoint)
    {
        var agreement = new X25519Agreement();
        agreement.Init(priv);
        var shared = new byte[agreement.AgreementSize];
        try
        {
            agreement.CalculateAgreement(new X25519PublicKeyParameters(peerPoint), shared, 0);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                "X25519 gave the all-zero secret: the peer's point has small order "
                + "(RFC 7748 §6.1)",
                e);
        }

        return shared;
    }

    /// <summary>
    /// RFC 5246 §7.4.6: the client's certificate must suit the request, or the client sends
    /// none. Its RSA key needs rsa_sign among certificate_types, and CertificateVerify needs a
    /// signature algorithm from supported_signature_algorithms that this client also uses.
    /// (certificate_authorities is a SHOULD for a client choosing among several
    /// certificates; with one, it is sent whoever issued it, and the server judges.)
    /// </summary>
    private (TlsCredential? Credential, SignatureScheme Scheme) SuitableCredential(
        CertificateRequest request)
    {
        if (_options.ClientCertificate is not { } credential)
        {
            return (null, default);
        }

        if (!request.CertificateTypes.Contains(ClientCertificateType.RsaSign))
        {
            ClientCertificateWithheld = "the CertificateRequest does not accept an RSA key "
                + "(no rsa_sign among certificate_types: "
                + string.Join(", ", request.CertificateTypes.Select(t => TlsNames.Snake(t)))
                + ")";
            return (null, default);
        }

        var scheme = _options.SignatureAlgorithms
            .FirstOrDefault(s => request.SupportedSignatureAlgorithms.Contains(s));
        if (scheme == default)
        {
            ClientCertificateWithheld = "no signature algorithm of the CertificateRequest is "
                + "one this client signs with";
            return (null, default);
        }

        return (credential, scheme);
    }

    private CertificateVerify SignHandshake(SignatureScheme scheme, TlsCredential credential)
    {
        using var own = credential.Certificate.GetRSAPrivateKey()!;
        var key = StolenCertificateSigningKey ?? own;
        return new CertificateVerify
        {
            Algorithm = scheme,
            Signature = TlsSignatures.Sign(key, scheme, HandshakeMessages),
        };
    }

    private void Expect(ClientState state)
    {
        if (State != state)
        {
            throw new InvalidOperationException(
                $"the client is in state {State}; this step needs {state}");
        }
    }
}
