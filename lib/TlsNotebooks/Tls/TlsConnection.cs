using System.Diagnostics;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Messages;
using TlsNotebooks.Tls.Records;

namespace TlsNotebooks.Tls;

/// <summary>
/// What client and server share: the record layer, the running list of handshake messages
/// (for the Finished and CertificateVerify hashes), the transcript and the keys. Once the
/// handshake is over, <see cref="Write"/> and <see cref="Read"/> carry application data.
/// </summary>
public abstract class TlsConnection : IDisposable
{
    /// <summary>
    /// RFC 5246 §7.4 allows 2^24-1; a bound keeps a hostile peer from exhausting memory.
    /// </summary>
    private const int MaxHandshakeMessage = 1 << 17;

    private readonly Stream _stream;
    private readonly MemoryStream _handshakeMessages = new();
    private readonly List<byte> _handshakeBuffer = new();
    private readonly List<StepTiming> _timings = new();
    private bool _sentCloseNotify;
    private bool _receivedCloseNotify;
    private bool _failed;

    private protected TlsConnection(Stream stream, TlsOptionsBase options)
    {
        _stream = stream;
        Transcript = new TlsTranscript();
        Records = new RecordLayer(stream, options.ReadTimeout, Transcript);
        Random = options.Random;
        KeyLogSink = options.KeyLog;
    }

    /// <summary>Every record and message so far, with field annotations.</summary>
    public TlsTranscript Transcript { get; }

    /// <summary>How long each step took.</summary>
    public IReadOnlyList<StepTiming> Timings => _timings;

    public byte[] ClientRandom { get; private protected set; } = [];

    public byte[] ServerRandom { get; private protected set; } = [];

    public CipherSuite? NegotiatedCipherSuite { get; private protected set; }

    /// <summary>True when both hellos carried extended_master_secret (RFC 7627).</summary>
    public bool UsesExtendedMasterSecret { get; private protected set; }

    /// <summary>The premaster secret: shown because this is teaching code.</summary>
    public byte[] PreMasterSecret { get; private protected set; } = [];

    public byte[] MasterSecret { get; private protected set; } = [];

    public ConnectionKeys? Keys { get; private protected set; }

    /// <summary>The NSS key log line of this session (empty before the master secret).</summary>
    public string KeyLogLine => MasterSecret.Length == 0
        ? string.Empty
        : KeySchedule.KeyLogLine(ClientRandom, MasterSecret);

    /// <summary>
    /// The peer's certificate chain, as sent (server's for a client and vice versa).
    /// </summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>
        PeerCertificates { get; private protected set; } = [];

    public abstract bool IsHandshakeComplete { get; }

    private protected RecordLayer Records { get; }

    private protected TlsRandom Random { get; }

    private protected Action<string>? KeyLogSink { get; }

    private protected KeyExchangeAlgorithm? KeyExchange =>
        NegotiatedCipherSuite is { } suite ? CipherSuites.KeyExchange(suite) : null;

    /// <summary>The bytes of every handshake message so far, for hashing.</summary>
    private protected byte[] HandshakeMessages => _handshakeMessages.ToArray();

    /// <summary>Sends application data, in records of at most 2^14 bytes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        RequireConnected();
        if (_sentCloseNotify)
        {
            throw new InvalidOperationException(
                "close_notify was sent; no data may follow it (RFC 5246 §7.2.1)");
        }

        var bytes = data.ToArray();
        Transcript.Add(Direction.Sent, TranscriptEntryKind.Message, ContentType.ApplicationData,
            "application_data", bytes, [], null);
        Guard(() => Records.Write(ContentType.ApplicationData, bytes));
    }

    /// <summary>
    /// The next application data record's content; an empty array once the peer sent
    /// close_notify (which is answered with our own close_notify, RFC 5246 §7.2.1).
    /// </summary>
    public byte[] Read()
    {
        RequireConnected();
        if (_receivedCloseNotify)
        {
            return [];
        }

        return Guard(() =>
        {
            while (true)
            {
                var (type, fragment) = Records.Read();
                switch (type)
                {
                    case ContentType.ApplicationData:
                        Transcript.Add(Direction.Received, TranscriptEntryKind.Message, type,
                            "application_data", fragment, [], null);
                        if (fragment.Length > 0)
                        {
                            return fragment;
                        }

                        break;
                    case ContentType.Alert:
                        if (HandleAlert(fragment))
                        {
                            _receivedCloseNotify = true;
                            Close();
                            return [];
                        }

                        break;
                    default:
                        // No renegotiation: RFC 5746 lets us refuse it; a stray handshake or
                        // CCS after the handshake is out of order.
                        throw new TlsAlertException(
                            AlertDescription.UnexpectedMessage,
                            $"{TlsNames.Snake(type)} record after the handshake; this library "
                            + "does not renegotiate");
                }
            }
        });
    }

    /// <summary>Sends close_notify (RFC 5246 §7.2.1); the stream is left to the caller.</summary>
    public void Close()
    {
        if (_sentCloseNotify || _failed)
        {
            return;
        }

        _sentCloseNotify = true;
        try
        {
            SendAlert(new Alert(AlertLevel.Warning, AlertDescription.CloseNotify));
        }
        catch (IOException)
        {
            // The peer may already have closed the transport; close_notify is best effort.
        }
    }

    /// <summary>Sends close_notify and, if this connection opened it, closes the socket.</summary>
    public void Dispose()
    {
        Close();
        OwnedTransport?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A transport this connection opened itself and closes on Dispose.</summary>
    private protected IDisposable? OwnedTransport { get; set; }

    /// <summary>
    /// Runs one step and times it. This and <see cref="Guard{T}"/> are the one place where a
    /// failure becomes an alert to the peer.
    /// </summary>
    private protected T Step<T>(string name, Func<T> step)
    {
        if (_failed)
        {
            throw new InvalidOperationException("the connection has already failed");
        }

        var clock = Stopwatch.StartNew();
        var result = Guard(step);
        _timings.Add(new StepTiming(name, clock.Elapsed));
        return result;
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (TlsAlertException e)
        {
            _failed = true;
            if (!e.Received)
            {
                TrySendAlert(new Alert(AlertLevel.Fatal, e.Description));
            }

            throw;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // The runtime's crypto refused an input no check above anticipated: still an
            // alert, never a crash (RFC 5246 §7.2.2 internal_error).
            _failed = true;
            TrySendAlert(new Alert(AlertLevel.Fatal, AlertDescription.InternalError));
            throw new TlsAlertException(AlertDescription.InternalError,
                "a cryptographic operation failed: " + e.Message, e);
        }
        catch (IOException) when (!IsHandshakeComplete && !_failed)
        {
            // A write failed because the peer closed: it may have said why first.
            _failed = true;
            var alert = TryReadAlert();
            if (alert is not null)
            {
                throw new TlsAlertException(alert.Description,
                    "the peer refused the handshake and closed the connection", received: true);
            }

            throw;
        }
        catch (Exception)
        {
            _failed = true;
            throw;
        }
    }

    private Alert? TryReadAlert()
    {
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var (type, fragment) = Records.Read();
                if (type == ContentType.Alert)
                {
                    return Alert.Parse(fragment);
                }
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException or TlsAlertException)
        {
        }

        return null;
    }

    private void Guard(Action action) => Guard(() =>
    {
        action();
        return true;
    });

    private void TrySendAlert(Alert alert)
    {
        try
        {
            SendAlert(alert);
        }
        catch (IOException)
        {
            // RFC 5246 §7.2.2: the connection is over either way.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void SendAlert(Alert alert)
    {
        var writer = alert.Write();
        Transcript.Add(Direction.Sent, TranscriptEntryKind.Message, ContentType.Alert,
            "Alert " + TlsNames.Alert(alert.Description), writer.ToArray(), writer.Ranges, alert);
        Records.Write(ContentType.Alert, writer.ToArray());
    }

    /// <summary>Returns true for close_notify; throws for a fatal alert.</summary>
    private bool HandleAlert(byte[] fragment)
    {
        var alert = Alert.Parse(fragment);
        var writer = alert.Write();
        Transcript.Add(Direction.Received, TranscriptEntryKind.Message, ContentType.Alert,
            "Alert " + TlsNames.Alert(alert.Description), fragment, writer.Ranges, alert);
        if (alert.Description == AlertDescription.CloseNotify)
        {
            return true;
        }

        // RFC 5246 §7.2.2: a fatal alert ends the connection at once. Warnings other than
        // close_notify carry nothing this library acts on.
        if (alert.Level == AlertLevel.Warning)
        {
            return false;
        }

        throw new TlsAlertException(
            alert.Description, "the handshake was refused", received: true);
    }

    /// <summary>
    /// Writes handshake messages (one record per message) and adds them to the hash.
    /// </summary>
    private protected void SendHandshake(HandshakeMessage message)
    {
        var writer = message.Write();
        var bytes = writer.ToArray();
        _handshakeMessages.Write(bytes);
        Transcript.Add(Direction.Sent, TranscriptEntryKind.Message, ContentType.Handshake,
            message.GetType().Name, bytes, writer.Ranges, message);
        Records.Write(ContentType.Handshake, bytes);
    }

    private protected void SendChangeCipherSpec()
    {
        Transcript.Add(Direction.Sent, TranscriptEntryKind.Message,
            ContentType.ChangeCipherSpec, "ChangeCipherSpec", ChangeCipherSpec.Bytes,
            ChangeCipherSpec.Ranges, new ChangeCipherSpec());
        Records.Write(ContentType.ChangeCipherSpec, ChangeCipherSpec.Bytes);
        Records.ActivateWrite();
    }

    /// <summary>
    /// Reads the next handshake message, reassembling it from as many records as it takes,
    /// and checks that it is the one the state machine expects next.
    /// </summary>
    private protected T ReceiveHandshake<T>()
        where T : HandshakeMessage
    {
        var message = ReceiveAnyHandshake();
        if (message is not T expected)
        {
            throw new TlsAlertException(
                AlertDescription.UnexpectedMessage,
                $"expected {typeof(T).Name} but received {message.GetType().Name} "
                + "(RFC 5246 §7.4 fixes the order of handshake messages)");
        }

        return expected;
    }

    private protected HandshakeMessage ReceiveAnyHandshake()
    {
        while (!HasWholeMessage())
        {
            var (type, fragment) = Records.Read();
            switch (type)
            {
                case ContentType.Handshake:
                    _handshakeBuffer.AddRange(fragment);
                    break;
                case ContentType.Alert:
                    if (HandleAlert(fragment))
                    {
                        throw new TlsAlertException(AlertDescription.CloseNotify,
                            "the peer closed the connection during the handshake",
                            received: true);
                    }

                    break;
                default:
                    throw new TlsAlertException(
                        AlertDescription.UnexpectedMessage,
                        $"{TlsNames.Snake(type)} record while a handshake message was expected");
            }
        }

        var length = BufferedLength();
        var bytes = _handshakeBuffer.GetRange(0, 4 + length).ToArray();
        _handshakeBuffer.RemoveRange(0, 4 + length);
        var message = HandshakeMessage.Parse(bytes, KeyExchange);

        // The ranges come from writing the parsed message again; they are shown only if that
        // gives back the received bytes, which every canonical encoding does.
        var writer = message.Write();
        var ranges = writer.ToArray().AsSpan().SequenceEqual(bytes) ? writer.Ranges : [];
        Transcript.Add(Direction.Received, TranscriptEntryKind.Message, ContentType.Handshake,
            message.GetType().Name, bytes, ranges, message);
        _handshakeMessages.Write(bytes);
        return message;
    }

    /// <summary>The uint24 length of the buffered handshake message's header.</summary>
    private int BufferedLength() =>
        (_handshakeBuffer[1] << 16) | (_handshakeBuffer[2] << 8) | _handshakeBuffer[3];

    private bool HasWholeMessage()
    {
        if (_handshakeBuffer.Count < 4)
        {
            return false;
        }

        var length = BufferedLength();
        if (length > MaxHandshakeMessage)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                $"handshake message of {length} bytes is larger than this library accepts "
                + $"({MaxHandshakeMessage})");
        }

        return _handshakeBuffer.Count >= 4 + length;
    }

    /// <summary>Reads ChangeCipherSpec and switches on the read keys (RFC 5246 §7.1).</summary>
    private protected void ReceiveChangeCipherSpec()
    {
        while (true)
        {
            var (type, fragment) = Records.Read();
            if (type == ContentType.Alert)
            {
                if (HandleAlert(fragment))
                {
                    throw new TlsAlertException(AlertDescription.CloseNotify,
                        "the peer closed the connection during the handshake", received: true);
                }

                continue;
            }

            if (type != ContentType.ChangeCipherSpec)
            {
                throw new TlsAlertException(
                    AlertDescription.UnexpectedMessage,
                    $"expected ChangeCipherSpec but received a {TlsNames.Snake(type)} record");
            }

            // RFC 5246 §7.1: ChangeCipherSpec must fall between two handshake messages.
            if (_handshakeBuffer.Count > 0)
            {
                throw new TlsAlertException(
                    AlertDescription.UnexpectedMessage,
                    $"ChangeCipherSpec arrived after {_handshakeBuffer.Count} bytes of an "
                    + "unfinished handshake message; RFC 5246 §7.1 puts it between messages");
            }

            ChangeCipherSpec.Check(fragment);
            Transcript.Add(Direction.Received, TranscriptEntryKind.Message,
                ContentType.ChangeCipherSpec, "ChangeCipherSpec", fragment,
                ChangeCipherSpec.Ranges, new ChangeCipherSpec());
            Records.ActivateRead();
            return;
        }
    }

    /// <summary>
    /// Master secret, keys and pending record protection, once the premaster exists.
    /// </summary>
    private protected void EstablishKeys(bool isClient)
    {
        MasterSecret = UsesExtendedMasterSecret
            ? KeySchedule.ExtendedMasterSecret(
                PreMasterSecret, KeySchedule.TranscriptHash(HandshakeMessages))
            : KeySchedule.MasterSecret(PreMasterSecret, ClientRandom, ServerRandom);
        Keys = KeySchedule.ExpandKeys(MasterSecret, ClientRandom, ServerRandom);
        KeyLogSink?.Invoke(KeyLogLine);

        var client = new RecordProtection(Keys.ClientWriteKey, Keys.ClientWriteIv);
        var server = new RecordProtection(Keys.ServerWriteKey, Keys.ServerWriteIv);
        if (isClient)
        {
            Records.SetPendingKeys(read: server, write: client);
        }
        else
        {
            Records.SetPendingKeys(read: client, write: server);
        }
    }

    /// <summary>
    /// Test seam, deliberately insecure: rewrites the verify_data this side sends, to show
    /// the peer refusing a Finished that does not match its own transcript.
    /// </summary>
    internal Func<byte[], byte[]>? TamperVerifyData { get; init; }

    private protected Finished MakeFinished(bool fromClient, bool outgoing)
    {
        var verifyData = KeySchedule.VerifyData(
            MasterSecret, fromClient, KeySchedule.TranscriptHash(HandshakeMessages));
        if (outgoing && TamperVerifyData is not null)
        {
            verifyData = TamperVerifyData(verifyData);
        }

        return new Finished { VerifyData = verifyData };
    }

    /// <summary>RFC 5246 §7.4.9: a wrong verify_data is decrypt_error.</summary>
    private protected void CheckFinished(Finished finished, byte[] expected, string peer)
    {
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            finished.VerifyData, expected))
        {
            throw new TlsAlertException(
                AlertDescription.DecryptError,
                $"the {peer}'s Finished verify_data does not match the handshake this side saw");
        }
    }

    /// <summary>
    /// The RSA key of a peer certificate; a key that does not decode is bad_certificate.
    /// </summary>
    private protected static System.Security.Cryptography.RSA PeerRsaKey(
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string peer)
    {
        System.Security.Cryptography.RSA? key;
        try
        {
            key = System.Security.Cryptography.X509Certificates.RSACertificateExtensions
                .GetRSAPublicKey(certificate);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new TlsAlertException(AlertDescription.BadCertificate,
                $"the {peer} certificate's public key does not decode", e);
        }

        return key ?? throw new TlsAlertException(AlertDescription.UnsupportedCertificate,
            $"the {peer} certificate has no RSA key; every suite here is *_RSA_*");
    }

    private void RequireConnected()
    {
        if (!IsHandshakeComplete)
        {
            throw new InvalidOperationException("the handshake is not complete");
        }

        if (_failed)
        {
            throw new InvalidOperationException("the connection has failed");
        }
    }
}
