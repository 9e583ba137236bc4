using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// ServerKeyExchange (RFC 5246 §7.4.3; RFC 8422 §5.4 for ECDHE): the server's ephemeral
/// public value and its signature over both randoms and these parameters.
/// <code>
/// struct { opaque dh_p&lt;1..2^16-1&gt;; opaque dh_g&lt;1..2^16-1&gt;;
///          opaque dh_Ys&lt;1..2^16-1&gt;; } ServerDHParams;
/// struct { ECCurveType curve_type; NamedCurve namedcurve;   // curve_type 3: named_curve
///          opaque point&lt;1..2^8-1&gt;; } ServerECDHParams;
/// digitally-signed struct { opaque client_random[32]; opaque server_random[32];
///                           Server*Params params; } signed_params;
/// // on the wire: SignatureAndHashAlgorithm algorithm; opaque signature&lt;0..2^16-1&gt;;
/// </code>
/// </summary>
public sealed class ServerKeyExchange : HandshakeMessage
{
    private const byte NamedCurveType = 3;

    public override HandshakeType Type => HandshakeType.ServerKeyExchange;

    public required KeyExchangeAlgorithm KeyExchange { get; init; }

    /// <summary>DHE: the prime p, big-endian.</summary>
    public byte[] DhP { get; init; } = [];

    /// <summary>DHE: the generator g.</summary>
    public byte[] DhG { get; init; } = [];

    /// <summary>DHE: the server's public value Ys = g^b mod p.</summary>
    public byte[] DhYs { get; init; } = [];

    /// <summary>ECDHE: the named curve (only named_curve is allowed, RFC 8422 §5.4).</summary>
    public NamedGroup NamedCurve { get; init; }

    /// <summary>ECDHE: the server's public point (32 bytes for X25519).</summary>
    public byte[] Point { get; init; } = [];

    public required SignatureScheme SignatureAlgorithm { get; init; }

    public required byte[] Signature { get; init; }

    /// <summary>
    /// The params bytes as sent: the part the signature covers after the randoms.
    /// </summary>
    public byte[] ParamsBytes()
    {
        var writer = new TlsWriter();
        WriteParams(writer);
        return writer.ToArray();
    }

    /// <summary>client_random + server_random + params: the bytes that are signed.</summary>
    public byte[] SignedData(byte[] clientRandom, byte[] serverRandom) =>
        [.. clientRandom, .. serverRandom, .. ParamsBytes()];

    internal static ServerKeyExchange ReadBody(TlsReader reader, KeyExchangeAlgorithm kx)
    {
        switch (kx)
        {
            case KeyExchangeAlgorithm.DheRsa:
            {
                var p = reader.ReadVector16("dh_p", 1);
                var g = reader.ReadVector16("dh_g", 1);
                var ys = reader.ReadVector16("dh_Ys", 1);
                var (scheme, signature) = ReadSigned(reader);
                return new ServerKeyExchange
                {
                    KeyExchange = kx,
                    DhP = p,
                    DhG = g,
                    DhYs = ys,
                    SignatureAlgorithm = scheme,
                    Signature = signature,
                };
            }

            case KeyExchangeAlgorithm.EcdheRsa:
            {
                var curveType = reader.ReadUInt8("curve_type");
                if (curveType != NamedCurveType)
                {
                    throw new TlsAlertException(
                        AlertDescription.IllegalParameter,
                        $"ServerKeyExchange: curve_type {curveType} is not named_curve (3), "
                        + "the only type RFC 8422 §5.4 allows");
                }

                var curve = (NamedGroup)reader.ReadUInt16("namedcurve");
                var point = reader.ReadVector8("point", 1);
                var (scheme, signature) = ReadSigned(reader);
                return new ServerKeyExchange
                {
                    KeyExchange = kx,
                    NamedCurve = curve,
                    Point = point,
                    SignatureAlgorithm = scheme,
                    Signature = signature,
                };
            }

            default:
                // RFC 5246 §7.4.3: the RSA key exchange has no ServerKeyExchange.
                throw new TlsAlertException(
                    AlertDescription.UnexpectedMessage,
                    "ServerKeyExchange is not sent with the RSA key exchange");
        }
    }

    private static (SignatureScheme, byte[]) ReadSigned(TlsReader reader)
    {
        var scheme = (SignatureScheme)reader.ReadUInt16("algorithm");
        var signature = reader.ReadVector16("signature");
        return (scheme, signature);
    }

    private void WriteParams(TlsWriter writer)
    {
        if (KeyExchange == KeyExchangeAlgorithm.DheRsa)
        {
            using (writer.Group("params (ServerDHParams)"))
            {
                writer.WriteVector16(DhP, "dh_p");
                writer.WriteVector16(DhG, "dh_g");
                writer.WriteVector16(DhYs, "dh_Ys");
            }
        }
        else
        {
            using (writer.Group("params (ServerECDHParams)"))
            {
                writer.WriteUInt8(NamedCurveType, "curve_type (named_curve)");
                writer.WriteUInt16((ushort)NamedCurve, "namedcurve");
                writer.WriteVector8(Point, "point");
            }
        }
    }

    protected override void WriteBody(TlsWriter writer)
    {
        WriteParams(writer);
        writer.WriteUInt16((ushort)SignatureAlgorithm, "algorithm");
        writer.WriteVector16(Signature, "signature");
    }

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        if (KeyExchange == KeyExchangeAlgorithm.DheRsa)
        {
            yield return ("dh_p", $"{Hex(DhP)} ({DhP.Length * 8} bits)");
            yield return ("dh_g", Hex(DhG));
            yield return ("dh_Ys", Hex(DhYs));
        }
        else
        {
            yield return ("namedcurve", TlsNames.Snake(NamedCurve));
            yield return ("point", Hex(Point));
        }

        yield return ("algorithm", TlsNames.Snake(SignatureAlgorithm));
        yield return ("signature", Hex(Signature));
    }
}
