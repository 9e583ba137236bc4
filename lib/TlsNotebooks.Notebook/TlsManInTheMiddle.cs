using System.Numerics;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Notebook;

/// <summary>
/// Mallory, on the wire of a TLS connection, doing what worked in the Diffie-Hellman notebook:
/// she swaps the server's public value g^b mod p in ServerKeyExchange for her own g^m mod p,
/// keeping p, g and everything else. She cannot sign the result with the server's key, so the
/// signature she forwards is the server's, over the server's value.
/// </summary>
/// <remarks>
/// Works record by record on what the server sends; this library's server puts each handshake
/// message in its own record, which is all this needs.
/// </remarks>
public sealed class TlsManInTheMiddle
{
    private readonly BigInteger _privateValue;

    /// <param name="random">Where Mallory takes her private value m from.</param>
    public TlsManInTheMiddle(TlsRandom random)
    {
        _privateValue = new BigInteger(random.GetBytes(32), isUnsigned: true, isBigEndian: true);
    }

    /// <summary>The server's ServerKeyExchange as it left the server, once seen.</summary>
    public ServerKeyExchange? Original { get; private set; }

    /// <summary>What Mallory forwarded to the client instead.</summary>
    public ServerKeyExchange? Forged { get; private set; }

    /// <summary>Puts Mallory on the client's connection.</summary>
    public Stream Wrap(Stream clientConnection)
    {
        // The record layer's own timeout cannot interrupt a read inside this wrapper, so the
        // connection underneath gets one.
        if (clientConnection.CanTimeout)
        {
            clientConnection.ReadTimeout = 5000;
        }

        return new TamperingStream(clientConnection, this);
    }

    private byte[] Rewrite(byte type, byte[] fragment)
    {
        if (type != (byte)ContentType.Handshake || fragment.Length < 4
            || fragment[0] != (byte)HandshakeType.ServerKeyExchange)
        {
            return fragment;
        }

        var original = (ServerKeyExchange)HandshakeMessage.Parse(
            fragment, KeyExchangeAlgorithm.DheRsa);
        var p = new BigInteger(original.DhP, isUnsigned: true, isBigEndian: true);
        var g = new BigInteger(original.DhG, isUnsigned: true, isBigEndian: true);
        var mine = BigInteger.ModPow(g, _privateValue, p).ToByteArray(true, true);
        Original = original;
        Forged = new ServerKeyExchange
        {
            KeyExchange = KeyExchangeAlgorithm.DheRsa,
            DhP = original.DhP,
            DhG = original.DhG,
            DhYs = [.. new byte[original.DhP.Length - mine.Length], .. mine],
            SignatureAlgorithm = original.SignatureAlgorithm,
            Signature = original.Signature,
        };
        return Forged.ToBytes();
    }

    /// <summary>
    /// Passes writes through and reads whole records, each one handed to Mallory before the
    /// client sees it.
    /// </summary>
    private sealed class TamperingStream(Stream inner, TlsManInTheMiddle mallory) : Stream
    {
        private byte[] _pending = [];
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int ReadTimeout
        {
            get => inner.ReadTimeout;
            set => inner.ReadTimeout = value;
        }

        public override bool CanTimeout => inner.CanTimeout;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _pending.Length)
            {
                var header = new byte[5];
                if (!ReadExactly(header))
                {
                    return 0;
                }

                var fragment = new byte[(header[3] << 8) | header[4]];
                if (!ReadExactly(fragment))
                {
                    return 0;
                }

                var rewritten = mallory.Rewrite(header[0], fragment);
                header[3] = (byte)(rewritten.Length >> 8);
                header[4] = (byte)rewritten.Length;
                _pending = [.. header, .. rewritten];
                _offset = 0;
            }

            var take = Math.Min(count, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, take);
            _offset += take;
            return take;
        }

        public override void Write(byte[] buffer, int offset, int count) =>
            inner.Write(buffer, offset, count);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) =>
            throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private bool ReadExactly(byte[] into)
        {
            var read = 0;
            while (read < into.Length)
            {
                var n = inner.Read(into, read, into.Length - read);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return true;
        }
    }
}
