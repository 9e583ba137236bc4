using System.Security.Cryptography;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Messages;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls;

/// <summary>One record as captured: <c>TLSPlaintext</c> or <c>TLSCiphertext</c>.</summary>
public sealed record CapturedRecord(ContentType Type, ushort Version, byte[] Fragment);

/// <summary>A record of a recorded session, decrypted.</summary>
public sealed record DecryptedRecord(Direction From, ContentType Type, byte[] Plaintext)
{
    /// <summary>Which side sent it, seen from the client.</summary>
    public bool FromClient => From == Direction.Sent;
}

/// <summary>
/// A recorded TLS 1.2 session - the bytes each direction carried, as a passive observer
/// sees them - taken apart offline. With the master secret (from a key log) it decrypts every
/// record. With the server's RSA private key it recovers the premaster secret of an RSA key
/// exchange session, which is the forward-secrecy lesson: for DHE and ECDHE no such key
/// exists, because the premaster secret never crossed the wire.
/// </summary>
public sealed class RecordedSession
{
    private readonly List<(Direction From, CapturedRecord Record)> _records;
    private readonly List<byte[]> _handshakeBytes = new();

    private RecordedSession(List<(Direction, CapturedRecord)> records)
    {
        _records = records;
        Messages = ParseCleartextHandshake();
        ClientHello = Messages.OfType<ClientHello>().FirstOrDefault()
            ?? throw new TlsAlertException(AlertDescription.DecodeError,
                "the recorded session has no ClientHello");
        ServerHello = Messages.OfType<ServerHello>().FirstOrDefault()
            ?? throw new TlsAlertException(AlertDescription.DecodeError,
                "the recorded session has no ServerHello");
    }

    /// <summary>The handshake messages sent in the clear, in order.</summary>
    public IReadOnlyList<HandshakeMessage> Messages { get; }

    public ClientHello ClientHello { get; }

    public ServerHello ServerHello { get; }

    public CipherSuite CipherSuite => (CipherSuite)ServerHello.CipherSuite;

    /// <summary>RFC 7627: true when both hellos carried extended_master_secret.</summary>
    public bool UsesExtendedMasterSecret =>
        ClientHello.Find<ExtendedMasterSecretExtension>() is not null
        && ServerHello.Find<ExtendedMasterSecretExtension>() is not null;

    public IReadOnlyList<(Direction From, CapturedRecord Record)> Records => _records;

    /// <summary>
    /// Splits the two captured byte streams (client to server, server to client) into
    /// records. Records are ordered client first within each flight, which is how a TLS 1.2
    /// full handshake alternates; the order across directions matters only for display.
    /// </summary>
    public static RecordedSession Parse(byte[] clientToServer, byte[] serverToClient)
    {
        var records = new List<(Direction, CapturedRecord)>();
        records.AddRange(Split(clientToServer).Select(r => (Direction.Sent, r)));
        records.AddRange(Split(serverToClient).Select(r => (Direction.Received, r)));
        return new RecordedSession(records);
    }

    /// <summary>Reads a connection's own transcript as a recording.</summary>
    public static RecordedSession FromTranscript(TlsTranscript transcript, bool recordedByClient)
    {
        var sent = transcript.WireBytes(Direction.Sent);
        var received = transcript.WireBytes(Direction.Received);
        return recordedByClient ? Parse(sent, received) : Parse(received, sent);
    }

    /// <summary>
    /// RSA key exchange only: decrypts the ClientKeyExchange with the server's private key
    /// (RFC 5246 §7.4.7.1). Whoever holds that key - today or years later - gets this.
    /// </summary>
    public byte[] RecoverRsaPreMasterSecret(RSA serverPrivateKey)
    {
        if (CipherSuites.KeyExchange(CipherSuite) != KeyExchangeAlgorithm.Rsa)
        {
            throw new InvalidOperationException(
                $"{CipherSuites.Name(CipherSuite)} has no encrypted premaster secret on the "
                + "wire: its ephemeral Diffie-Hellman keys were never sent, so the server's "
                + "long-term key cannot recover it (forward secrecy)");
        }

        var exchange = Messages.OfType<ClientKeyExchange>().Single();
        return serverPrivateKey.Decrypt(exchange.ExchangeKeys, RSAEncryptionPadding.Pkcs1);
    }

    /// <summary>The master secret from a premaster secret, with or without RFC 7627.</summary>
    public byte[] MasterSecretFrom(byte[] preMasterSecret)
    {
        if (!UsesExtendedMasterSecret)
        {
            return KeySchedule.MasterSecret(
                preMasterSecret, ClientHello.Random, ServerHello.Random);
        }

        var index = Messages.ToList().FindIndex(m => m is ClientKeyExchange);
        var throughKeyExchange = _handshakeBytes.Take(index + 1).SelectMany(b => b).ToArray();
        return KeySchedule.ExtendedMasterSecret(
            preMasterSecret, KeySchedule.TranscriptHash(throughKeyExchange));
    }

    /// <summary>
    /// Finds this session's master secret in NSS key log text (CLIENT_RANDOM lines).
    /// </summary>
    public byte[]? MasterSecretFromKeyLog(string keyLog)
    {
        var random = Convert.ToHexStringLower(ClientHello.Random);
        foreach (var line in keyLog.Split('\n'))
        {
            var parts = line.Trim().Split(' ');
            if (parts.Length == 3 && parts[0] == "CLIENT_RANDOM"
                && string.Equals(parts[1], random, StringComparison.OrdinalIgnoreCase))
            {
                return Convert.FromHexString(parts[2]);
            }
        }

        return null;
    }

    /// <summary>
    /// Decrypts every protected record with keys expanded from the master secret. A wrong
    /// master secret fails on the first record with bad_record_mac.
    /// </summary>
    public IReadOnlyList<DecryptedRecord> Decrypt(byte[] masterSecret)
    {
        var keys = KeySchedule.ExpandKeys(masterSecret, ClientHello.Random, ServerHello.Random);
        var output = new List<DecryptedRecord>();
        foreach (var direction in new[] { Direction.Sent, Direction.Received })
        {
            var fromClient = direction == Direction.Sent;
            using var protection = fromClient
                ? new RecordProtection(keys.ClientWriteKey, keys.ClientWriteIv)
                : new RecordProtection(keys.ServerWriteKey, keys.ServerWriteIv);
            var encrypted = false;
            foreach (var (from, record) in _records.Where(r => r.From == direction))
            {
                if (encrypted)
                {
                    output.Add(new DecryptedRecord(from, record.Type,
                        protection.Open(record.Type, record.Version, record.Fragment)));
                }

                encrypted |= record.Type == ContentType.ChangeCipherSpec;
            }
        }

        return output;
    }

    private List<HandshakeMessage> ParseCleartextHandshake()
    {
        var messages = new List<HandshakeMessage>();
        var buffers = new Dictionary<Direction, List<byte>>
        {
            [Direction.Sent] = new(),
            [Direction.Received] = new(),
        };

        // The clear part of each direction ends at its ChangeCipherSpec. A TLS 1.2 full
        // handshake alternates flights, so the messages are put in order flight by flight.
        var pending = new Dictionary<Direction, Queue<byte[]>>
        {
            [Direction.Sent] = new(),
            [Direction.Received] = new(),
        };
        foreach (var direction in pending.Keys)
        {
            foreach (var (_, record) in _records.Where(r => r.From == direction))
            {
                if (record.Type == ContentType.ChangeCipherSpec)
                {
                    break;
                }

                if (record.Type != ContentType.Handshake)
                {
                    continue;
                }

                var buffer = buffers[direction];
                buffer.AddRange(record.Fragment);
                while (buffer.Count >= 4)
                {
                    var length = (buffer[1] << 16) | (buffer[2] << 8) | buffer[3];
                    if (buffer.Count < 4 + length)
                    {
                        break;
                    }

                    pending[direction].Enqueue(buffer.GetRange(0, 4 + length).ToArray());
                    buffer.RemoveRange(0, 4 + length);
                }
            }
        }

        KeyExchangeAlgorithm? kx = null;
        var current = Direction.Sent;
        while (pending[Direction.Sent].Count + pending[Direction.Received].Count > 0)
        {
            if (pending[current].Count == 0)
            {
                current = Other(current);
                continue;
            }

            var bytes = pending[current].Dequeue();
            var message = HandshakeMessage.Parse(bytes, kx);
            messages.Add(message);
            _handshakeBytes.Add(bytes);
            if (message is ServerHello hello
                && CipherSuites.IsSupported((CipherSuite)hello.CipherSuite))
            {
                kx = CipherSuites.KeyExchange((CipherSuite)hello.CipherSuite);
            }

            // A flight ends with ClientHello, ServerHelloDone or the client's last message.
            if (message is TlsNotebooks.Tls.Messages.ClientHello or ServerHelloDone)
            {
                current = Other(current);
            }
        }

        return messages;
    }

    private static Direction Other(Direction d) =>
        d == Direction.Sent ? Direction.Received : Direction.Sent;

    private static List<CapturedRecord> Split(byte[] stream)
    {
        var records = new List<CapturedRecord>();
        var reader = new TlsReader(stream, "recorded stream");
        while (!reader.IsAtEnd)
        {
            var type = (ContentType)reader.ReadUInt8("type");
            var version = reader.ReadUInt16("version");
            var fragment = reader.ReadVector16("fragment");
            records.Add(new CapturedRecord(type, version, fragment));
        }

        return records;
    }
}
