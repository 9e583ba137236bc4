using System.Globalization;
using System.Numerics;
using TlsNotebooks.DiffieHellman;
using TlsNotebooks.Presentation;

namespace TlsNotebooks.Notebook;

/// <summary>
/// Field tables for the Diffie-Hellman types, so that a cell ending with a group, a key pair
/// or a shared secret shows its numbers as a table. The core types keep their one-line
/// ToString; these views live here because what a lesson shows (the private exponent, for one)
/// is a notebook decision.
/// </summary>
public static class DhTables
{
    // Numbers up to this many decimal digits are shown whole; longer ones are abbreviated.
    private const int MaxWholeDigits = 40;

    /// <summary>The group's numbers: p, g, q, their sizes and the exponent size.</summary>
    public static IFieldTable Of(DhGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var exponent = group.PrivateExponentBits is { } bits
            ? $"{bits} bits"
            : group.Q is not null ? "full range [2, q - 1]" : "full range [2, p - 2]";
        List<Field> fields =
        [
            new("p", Number(group.P), $"{group.Bits}-bit prime modulus, public"),
            new("g", Number(group.G), "generator, public"),
            new("q", group.Q is { } q ? Number(q) : "not given",
                group.Q is null ? "order of g unknown to the group" : "prime order of g"),
            new("public value size", Bytes(group.ByteLength), "the length of p"),
            new("private exponent", exponent,
                group.PrivateExponentBits is null ? null : "RFC 7919 §5.2 short exponents"),
        ];
        if (group.IsTeachingOnly)
        {
            fields.Add(new("security", "NONE", "teaching group: anyone can break it"));
        }

        return new FieldTable($"Diffie-Hellman group {group.Name}", fields);
    }

    /// <summary>
    /// One side's numbers. The private exponent is shown because this is a lesson; a real
    /// implementation never displays it.
    /// </summary>
    public static IFieldTable Of(DhKeyPair keyPair)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        return new FieldTable(
            $"Key pair in {keyPair.Group.Name}",
            [
                new("x", Number(keyPair.PrivateExponent),
                    $"private exponent, {keyPair.PrivateExponent.GetBitLength()} bits, never sent"),
                new("y = g^x mod p", Number(keyPair.PublicValue),
                    $"public value, {Bytes(keyPair.PublicValueBytes().Length)}, sent to the peer"),
            ]);
    }

    /// <summary>The shared secret Z and its TLS 1.2 encoding.</summary>
    public static IFieldTable Of(DhSharedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new FieldTable(
            $"Shared secret in {secret.Group.Name}",
            [
                new("Z", Number(secret.Value), "the same on both sides"),
                new("TLS 1.2 pre_master_secret",
                    Bytes(secret.ToTls12PremasterSecret().Length),
                    "leading zero bytes stripped (RFC 5246 §8.1.2)"),
            ]);
    }

    /// <summary>
    /// A number in decimal when it is short, else its first and last hex digits and its size,
    /// so a 2048-bit value fits on one line.
    /// </summary>
    public static string Number(BigInteger value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Length <= MaxWholeDigits)
        {
            return text;
        }

        var hex = Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true));
        return $"0x{hex[..16]}…{hex[^16..]} ({value.GetBitLength()} bits, {text.Length} digits)";
    }

    private static string Bytes(int count) => count == 1 ? "1 byte" : $"{count} bytes";

    private sealed class FieldTable(string title, IReadOnlyList<Field> fields) : IFieldTable
    {
        public string TableTitle => title;

        public IReadOnlyList<Field> GetFields() => fields;
    }
}
