using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using TlsNotebooks.DiffieHellman;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Internal;
using TlsNotebooks.Tls.Messages;
using CertificateRequest = TlsNotebooks.Tls.Messages.CertificateRequest;

namespace TlsNotebooks.Tls;

/// <summary>What the server expects to do next (RFC 5246 §7.3).</summary>
public enum ServerState
{
    ExpectClientHello,
    SendServerHello,
    ExpectClientKeyExchange,
    SendServerFinished,
    Connected,
}

/// <summary>The client's second flight as the server received it.</summary>
public sealed record ReceivedClientFlight(
    Certificate? Certificate,
    ClientKeyExchange ClientKeyExchange,
    CertificateVerify? CertificateVerify,
    Finished Finished);

/// <summary>
/// A TLS 1.2 server. Either call <see cref="Accept()"/>, or step:
/// <see cref="ReceiveClientHello"/>, <see cref="SendServerFlight"/>,
/// <see cref="ReceiveClientFlight"/>, <see cref="SendServerFinished"/>.
/// </summary>
public sealed class TlsServer : TlsConnection
{
    private readonly TlsServerOptions _options;
    private ClientHello? _clientHello;
    private SignatureScheme _signatureScheme;
    private DhKeyPair? _dhKeyPair;
    private X25519PrivateKeyParameters? _x25519Private;
    private bool _requestedCertificate;
    private RSA? _clientKey;

    public TlsServer(Stream stream, TlsServerOptions options)
        : base(stream, options)
    {
        _options = options;
    }

    public ServerState State { get; private set; } = ServerState.ExpectClientHello;

    public override bool IsHandshakeComplete => State == ServerState.Connected;

    /// <summary>The name the client asked for in server_name, if any.</summary>
    public string? RequestedServerName { get; private set; }

    /// <summary>
    /// Waits (at most <see cref="TlsOptionsBase.ReadTimeout"/>) for one TCP connection on the
    /// listener and runs the whole handshake: the one-call server. Dispose the result to send
    /// close_notify and close the socket.
    /// </summary>
    public static TlsServer Accept(
        System.Net.Sockets.TcpListener listener,
        TlsServerOptions options)
    {
        System.Net.Sockets.TcpClient tcp;
        using (var cancel = new CancellationTokenSource(options.ReadTimeout))
        {
            try
            {
                tcp = listener.AcceptTcpClientAsync(cancel.Token).AsTask()
                    .GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"no client connected within {options.ReadTimeout.TotalSeconds:F1} s");
            }
        }

        tcp.NoDelay = true;
        try
        {
            var server = new TlsServer(tcp.GetStream(), options) { OwnedTransport = tcp };
            server.Accept();
            return server;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The whole handshake in one call.</summary>
    public void Accept()
    {
        ReceiveClientHello();
        SendServerFlight();
        ReceiveClientFlight();
        SendServerFinished();
    }

    /// <summary>Flight 1: read the offer and choose suite, signature scheme and EMS.</summary>
    public ClientHello ReceiveClientHello() => Step("ClientHello", () =>
    {
        Expect(ServerState.ExpectClientHello);
        var hello = ReceiveHandshake<ClientHello>();

        // RFC 5246 Appendix E.1: a client offering less than TLS 1.2 cannot talk to us.
        if (hello.ClientVersion < 0x0303)
        {
            throw new TlsAlertException(
                AlertDescription.ProtocolVersion,
                $"client offers {TlsNames.Hex16(hello.ClientVersion)}; this server needs TLS 1.2");
        }

        if (!hello.CompressionMethods.Contains((byte)0))
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                "ClientHello must offer the null compression method (RFC 5246 §7.4.1.2)");
        }

        var groups = hello.Find<SupportedGroupsExtension>()?.Groups;
        var suite = _options.CipherSuites.FirstOrDefault(
            s => hello.CipherSuites.Contains((ushort)s) && GroupAllows(s, groups));
        if (suite == default)
        {
            throw new TlsAlertException(
                AlertDescription.HandshakeFailure,
                "no cipher suite of the ClientHello is one this server accepts with a group "
                + "the client supports");
        }

        // RFC 5746 §3.6: on an initial handshake renegotiated_connection must be empty.
        if (hello.Find<RenegotiationInfoExtension>() is { RenegotiatedConnection.Length: > 0 })
        {
            throw new TlsAlertException(
                AlertDescription.HandshakeFailure,
                "renegotiation_info must be empty on an initial handshake (RFC 5746 §3.6)");
        }

        // RFC 5246 §7.4.1.4.1: without signature_algorithms the client means SHA-1, which
        // this server does not sign with.
        var offered = hello.Find<SignatureAlgorithmsExtension>()?.Schemes ?? [];
        _signatureScheme = _options.SignatureAlgorithms.FirstOrDefault(offered.Contains);
        if (_signatureScheme == default)
        {
            throw new TlsAlertException(
                AlertDescription.HandshakeFailure,
                "the client's signature_algorithms name no scheme this server signs with");
        }

        _clientHello = hello;
        ClientRandom = hello.Random;
        NegotiatedCipherSuite = suite;
        RequestedServerName = hello.Find<ServerNameExtension>()?.HostName;
        UsesExtendedMasterSecret = _options.ExtendedMasterSecret
            && hello.Find<ExtendedMasterSecretExtension>() is not null;
        State = ServerState.SendServerHello;
        return hello;
    });

    /// <summary>
    /// Flight 2: ServerHello, Certificate, ServerKeyExchange (DHE, ECDHE), an optional
    /// CertificateRequest, and ServerHelloDone.
    /// </summary>
    public ServerFlight SendServerFlight() => Step("ServerHello..ServerHelloDone", () =>
    {
        Expect(ServerState.SendServerHello);
        ServerRandom = Random.GetBytes(32);
        var extensions = new List<TlsExtension>();
        var scsv = (ushort)CipherSuite.TlsEmptyRenegotiationInfoScsv;
        var offeredRenegotiationInfo = _clientHello!.Find<RenegotiationInfoExtension>() is not null
            || _clientHello.CipherSuites.Contains(scsv);
        if (offeredRenegotiationInfo)
        {
            extensions.Add(new RenegotiationInfoExtension([]));
        }

        if (UsesExtendedMasterSecret)
        {
            extensions.Add(new ExtendedMasterSecretExtension());
        }

        if (RequestedServerName is not null)
        {
            // RFC 6066 §3: an empty server_name says the name was used.
            extensions.Add(new ServerNameExtension(null));
        }

        var serverHello = new ServerHello
        {
            Random = ServerRandom,
            CipherSuite = (ushort)NegotiatedCipherSuite!.Value,
            Extensions = extensions,
        };
        SendHandshake(serverHello);

        var certificate = Certificate.From(_options.Credential.Chain);
        SendHandshake(certificate);

        ServerKeyExchange? keyExchange = null;
        if (KeyExchange != KeyExchangeAlgorithm.Rsa)
        {
            keyExchange = MakeServerKeyExchange();
            SendHandshake(keyExchange);
        }

        CertificateRequest? request = null;
        if (_options.ClientAuthentication != ClientAuthentication.None)
        {
            request = new CertificateRequest
            {
                SupportedSignatureAlgorithms = _options.SignatureAlgorithms,
                CertificateAuthorities = _options.AcceptableClientCertificateAuthorities,
            };
            _requestedCertificate = true;
            SendHandshake(request);
        }

        var done = new ServerHelloDone();
        SendHandshake(done);
        State = ServerState.ExpectClientKeyExchange;
        return new ServerFlight(serverHello, certificate, keyExchange, request, done);
    });

    /// <summary>
    /// Flight 3: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec and
    /// the client's Finished, each checked.
    /// </summary>
    public ReceivedClientFlight ReceiveClientFlight() => Step("ClientKeyExchange..Finished", () =>
    {
        Expect(ServerState.ExpectClientKeyExchange);
        Certificate? certificate = null;
        if (_requestedCertificate)
        {
            certificate = ReceiveHandshake<Certificate>();
            ProcessClientCertificate(certificate);
        }

        var clientKeyExchange = ReceiveHandshake<ClientKeyExchange>();
        PreMasterSecret = ComputePreMasterSecret(clientKeyExchange);
        EstablishKeys(isClient: false);

        // RFC 5246 §7.4.8: CertificateVerify signs every message before it.
        CertificateVerify? certificateVerify = null;
        if (PeerCertificates.Count > 0)
        {
            var signed = HandshakeMessages;
            certificateVerify = ReceiveHandshake<CertificateVerify>();
            VerifyClientSignature(certificateVerify, signed);
        }

        ReceiveChangeCipherSpec();
        var expected = MakeFinished(fromClient: true, outgoing: false).VerifyData;
        var finished = ReceiveHandshake<Finished>();
        CheckFinished(finished, expected, "client");
        _options.ClientAuthorizer?.Authorize(PeerCertificates);
        State = ServerState.SendServerFinished;
        return new ReceivedClientFlight(
            certificate, clientKeyExchange, certificateVerify, finished);
    });

    /// <summary>Flight 4: ChangeCipherSpec and the server's Finished.</summary>
    public Finished SendServerFinished() => Step("server Finished", () =>
    {
        Expect(ServerState.SendServerFinished);
        SendChangeCipherSpec();
        var finished = MakeFinished(fromClient: false, outgoing: true);
        SendHandshake(finished);
        State = ServerState.Connected;
        return finished;
    });

    /// <summary>
    /// Whether the client's supported_groups leave room for this suite's key exchange.
    /// RFC 8422 §5.1: ECDHE only over a curve the client listed (x25519 here). RFC 7919 §4:
    /// a client that lists any FFDHE group (codepoints 256 to 511) takes DHE only in one of
    /// them, here the one the server offers (ffdhe2048); a client that lists none accepts
    /// whatever group the server sends.
    /// Without the extension every group is allowed.
    /// </summary>
    private static bool GroupAllows(CipherSuite suite, IReadOnlyList<NamedGroup>? groups) =>
        groups is null || CipherSuites.KeyExchange(suite) switch
        {
            KeyExchangeAlgorithm.EcdheRsa => groups.Contains(NamedGroup.X25519),
            KeyExchangeAlgorithm.DheRsa => groups.Contains(DheMath.ServerNamedGroup)
                || !groups.Any(g => (ushort)g is >= 256 and <= 511),
            _ => true,
        };

    private ServerKeyExchange MakeServerKeyExchange()
    {
        ServerKeyExchange unsigned;
        if (KeyExchange == KeyExchangeAlgorithm.DheRsa)
        {
            _dhKeyPair = DheMath.NewKeyPair(DheMath.ServerGroup, Random.GetBytes(32));
            unsigned = new ServerKeyExchange
            {
                KeyExchange = KeyExchangeAlgorithm.DheRsa,
                DhP = DheMath.ToBytes(_dhKeyPair.Group.P),
                DhG = DheMath.ToBytes(_dhKeyPair.Group.G),
                DhYs = _dhKeyPair.PublicValuePadded(),
                SignatureAlgorithm = _signatureScheme,
                Signature = [],
            };
        }
        else
        {
            _x25519Private = new X25519PrivateKeyParameters(Random.GetBytes(32));
            unsigned = new ServerKeyExchange
            {
                KeyExchange = KeyExchangeAlgorithm.EcdheRsa,
                NamedCurve = NamedGroup.X25519,
                Point = _x25519Private.GeneratePublicKey().GetEncoded(),
                SignatureAlgorithm = _signatureScheme,
                Signature = [],
            };
        }

        using var key = _options.Credential.Certificate.GetRSAPrivateKey()!;
        var signature = TlsSignatures.Sign(
            key, _signatureScheme, unsigned.SignedData(ClientRandom, ServerRandom));
        return new ServerKeyExchange
        {
            KeyExchange = unsigned.KeyExchange,
            DhP = unsigned.DhP,
            DhG = unsigned.DhG,
            DhYs = unsigned.DhYs,
            NamedCurve = unsigned.NamedCurve,
            Point = unsigned.Point,
            SignatureAlgorithm = _signatureScheme,
            Signature = signature,
        };
    }

    private byte[] ComputePreMasterSecret(ClientKeyExchange clientKeyExchange)
    {
        switch (KeyExchange!.Value)
        {
            case KeyExchangeAlgorithm.DheRsa:
            {
                return DheMath.PreMasterSecret(
                    _dhKeyPair!, clientKeyExchange.ExchangeKeys, "client's dh_Yc");
            }

            case KeyExchangeAlgorithm.EcdheRsa:
                if (clientKeyExchange.ExchangeKeys.Length != 32)
                {
                    throw new TlsAlertException(
                        AlertDescription.IllegalParameter,
                        "client's X25519 point must be 32 bytes (RFC 8422 §5.11)");
                }

                return TlsClient.X25519Shared(_x25519Private!, clientKeyExchange.ExchangeKeys);

            default:
                return DecryptPreMasterSecret(clientKeyExchange.ExchangeKeys);
        }
    }

    /// <summary>
    /// RFC 5246 §7.4.7.1: whatever is wrong with the decrypted premaster secret, continue
    /// with a random one, so that the Finished fails later the same way for every error and
    /// the server does not act as a padding oracle (Bleichenbacher 1998). The runtime's
    /// decryption is not constant-time, so this is a lesson in the idea, not a defence.
    /// </summary>
    private byte[] DecryptPreMasterSecret(byte[] encrypted)
    {
        var fallback = Random.GetBytes(48);
        fallback[0] = 0x03;
        fallback[1] = 0x03;
        try
        {
            using var key = _options.Credential.Certificate.GetRSAPrivateKey()!;
            var decrypted = key.Decrypt(encrypted, RSAEncryptionPadding.Pkcs1);
            var good = decrypted.Length == 48
                && decrypted[0] == (_clientHello!.ClientVersion >> 8)
                && decrypted[1] == (byte)_clientHello.ClientVersion;
            return good ? decrypted : fallback;
        }
        catch (CryptographicException)
        {
            return fallback;
        }
    }

    private void ProcessClientCertificate(Certificate certificate)
    {
        if (certificate.CertificateList.Count == 0)
        {
            if (_options.ClientAuthentication == ClientAuthentication.Required)
            {
                // RFC 5246 §7.4.6: a server that requires authentication may refuse with
                // handshake_failure.
                throw new TlsAlertException(
                    AlertDescription.HandshakeFailure,
                    "the client sent no certificate, and this server requires one");
            }

            return;
        }

        var chain = certificate.LoadCertificates();
        _clientKey = PeerRsaKey(chain[0], "client");

        var verifier = _options.ClientCertificateVerifier ?? throw new InvalidOperationException(
            "ClientAuthentication is set but no ClientCertificateVerifier was given");
        verifier.VerifyClient(chain);
        PeerCertificates = chain;
    }

    private void VerifyClientSignature(CertificateVerify certificateVerify, byte[] signed)
    {
        if (!_options.SignatureAlgorithms.Contains(certificateVerify.Algorithm))
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                "CertificateVerify uses a signature algorithm the CertificateRequest "
                + "did not list");
        }

        TlsSignatures.Verify(_clientKey!, certificateVerify.Algorithm, signed,
            certificateVerify.Signature, "CertificateVerify");
    }

    private void Expect(ServerState state)
    {
        if (State != state)
        {
            throw new InvalidOperationException(
                $"the server is in state {State}; this step needs {state}");
        }
    }
}
