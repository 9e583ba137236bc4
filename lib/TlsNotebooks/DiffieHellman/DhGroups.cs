using System.Globalization;
using System.Numerics;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// The named finite-field groups of RFC 7919 (ffdhe, for TLS) and RFC 3526 (MODP, for IKE),
/// and the deliberately insecure groups of the lessons in <see cref="Teaching"/>.
/// </summary>
/// <remarks>
/// All six RFC primes are safe primes, p = 2q + 1 with q prime, and g = 2 generates the
/// subgroup of order q, so every group here carries q = (p - 1) / 2. The tests compare each p
/// with OpenSSL's parameter files.
///
/// Private exponent sizes follow RFC 7919 §5.2 ("Short Exponents") and Appendix A: an
/// exponent at least twice the group's symmetric-equivalent strength resists Pollard's
/// kangaroo, which takes about 2^(bits / 2) steps, as well as the number field sieve resists
/// the modulus. Hence 225 bits for ffdhe2048 (about 103-bit strength), 275 for ffdhe3072
/// (125) and 325 for ffdhe4096 (150). NIST SP 800-56A Rev. 3 §5.6.1.1.1 sets the same floor
/// of twice the security strength. The MODP primes of the same size resist the same attacks,
/// so they get the same exponent sizes (RFC 3526 §8 gives wider estimates, 220 to 320 bits
/// for 2048). A 225-bit exponent makes each exponentiation about nine times faster than a
/// full 2047-bit one.
/// </remarks>
public static class DhGroups
{
    /// <summary>ffdhe2048, RFC 7919 Appendix A.1: the default group of TLS 1.2 DHE here.</summary>
    public static DhGroup Ffdhe2048 { get; } = Named(
        "ffdhe2048",
        "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695" +
        "A9E13641146433FBCC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617A" +
        "D3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935" +
        "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797A" +
        "BC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4" +
        "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61" +
        "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005" +
        "C58EF1837D1683B2C6F34A26C1B2EFFA886B423861285C97FFFFFFFFFFFFFFFF",
        exponentBits: 225);

    /// <summary>ffdhe3072, RFC 7919 Appendix A.2.</summary>
    public static DhGroup Ffdhe3072 { get; } = Named(
        "ffdhe3072",
        "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695" +
        "A9E13641146433FBCC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617A" +
        "D3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935" +
        "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797A" +
        "BC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4" +
        "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61" +
        "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005" +
        "C58EF1837D1683B2C6F34A26C1B2EFFA886B4238611FCFDCDE355B3B6519035B" +
        "BC34F4DEF99C023861B46FC9D6E6C9077AD91D2691F7F7EE598CB0FAC186D91C" +
        "AEFE130985139270B4130C93BC437944F4FD4452E2D74DD364F2E21E71F54BFF" +
        "5CAE82AB9C9DF69EE86D2BC522363A0DABC521979B0DEADA1DBF9A42D5C4484E" +
        "0ABCD06BFA53DDEF3C1B20EE3FD59D7C25E41D2B66C62E37FFFFFFFFFFFFFFFF",
        exponentBits: 275);

    /// <summary>ffdhe4096, RFC 7919 Appendix A.3.</summary>
    public static DhGroup Ffdhe4096 { get; } = Named(
        "ffdhe4096",
        "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695" +
        "A9E13641146433FBCC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617A" +
        "D3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935" +
        "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797A" +
        "BC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4" +
        "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61" +
        "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005" +
        "C58EF1837D1683B2C6F34A26C1B2EFFA886B4238611FCFDCDE355B3B6519035B" +
        "BC34F4DEF99C023861B46FC9D6E6C9077AD91D2691F7F7EE598CB0FAC186D91C" +
        "AEFE130985139270B4130C93BC437944F4FD4452E2D74DD364F2E21E71F54BFF" +
        "5CAE82AB9C9DF69EE86D2BC522363A0DABC521979B0DEADA1DBF9A42D5C4484E" +
        "0ABCD06BFA53DDEF3C1B20EE3FD59D7C25E41D2B669E1EF16E6F52C3164DF4FB" +
        "7930E9E4E58857B6AC7D5F42D69F6D187763CF1D5503400487F55BA57E31CC7A" +
        "7135C886EFB4318AED6A1E012D9E6832A907600A918130C46DC778F971AD0038" +
        "092999A333CB8B7A1A1DB93D7140003C2A4ECEA9F98D0ACC0A8291CDCEC97DCF" +
        "8EC9B55A7F88A46B4DB5A851F44182E1C68A007E5E655F6AFFFFFFFFFFFFFFFF",
        exponentBits: 325);

    /// <summary>The 2048-bit MODP group of RFC 3526 §3 (IKE group 14).</summary>
    public static DhGroup Modp2048 { get; } = Named(
        "modp2048",
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
        "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
        "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
        "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF",
        exponentBits: 225);

    /// <summary>The 3072-bit MODP group of RFC 3526 §4 (IKE group 15).</summary>
    public static DhGroup Modp3072 { get; } = Named(
        "modp3072",
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
        "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
        "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
        "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" +
        "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" +
        "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
        "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
        exponentBits: 275);

    /// <summary>The 4096-bit MODP group of RFC 3526 §5 (IKE group 16).</summary>
    public static DhGroup Modp4096 { get; } = Named(
        "modp4096",
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
        "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
        "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
        "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" +
        "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" +
        "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
        "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A92108011A723C12A787E6D7" +
        "88719A10BDBA5B2699C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8" +
        "DBBBC2DB04DE8EF92E8EFC141FBECAA6287C59474E6BC05D99B2964FA090C3A2" +
        "233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127D5B05AA9" +
        "93B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934063199FFFFFFFFFFFFFFFF",
        exponentBits: 325);

    /// <summary>Every RFC group above, smallest first.</summary>
    public static IReadOnlyList<DhGroup> All { get; } =
        [Ffdhe2048, Modp2048, Ffdhe3072, Modp3072, Ffdhe4096, Modp4096];

    /// <summary>
    /// Finds the RFC or teaching group with this name ("ffdhe2048", "modp3072",
    /// "teaching-safe32", ...).
    /// </summary>
    /// <exception cref="ArgumentException">No group has that name.</exception>
    public static DhGroup ByName(string name) =>
        All.Concat(Teaching.All).FirstOrDefault(
            g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No named Diffie-Hellman group is called {name}.",
            nameof(name));

    /// <summary>Finds the RFC group whose prime is p and whose generator is g, if any.</summary>
    public static DhGroup? FindByParameters(BigInteger p, BigInteger g) =>
        All.FirstOrDefault(group => group.P == p && group.G == g);

    private static DhGroup Named(string name, string pHex, int exponentBits)
    {
        var p = BigInteger.Parse("0" + pHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new DhGroup(
            name,
            p,
            2,
            (p - 1) / 2,
            exponentBits,
            isTeachingOnly: false,
            checkGeneratorOrder: false)
        {
            IsVerifiedSafePrime = true,
        };
    }

    /// <summary>
    /// INSECURE groups for the lessons: small enough to compute by hand or to break with the
    /// solvers of <c>TlsNotebooks.DiffieHellman.Attacks</c>. Never use them to protect data.
    /// </summary>
    /// <remarks>
    /// The safe primes are the largest p below 2^bits with p = 2q + 1, q prime and
    /// p = 7 (mod 8), so that 2 is a square mod p and g = 2 generates the subgroup of prime
    /// order q, as in ffdhe. The smooth primes have p - 1 made only of small prime factors,
    /// and g is a primitive root: Pohlig-Hellman splits their logarithms into small pieces.
    /// </remarks>
    public static class Teaching
    {
        /// <summary>
        /// The textbook example p = 23, g = 5: 5 is a primitive root, so g has order 22.
        /// </summary>
        public static DhGroup Classic23 { get; } = new(
            "teaching-23", 23, 5, q: null, privateExponentBits: null, isTeachingOnly: true);

        /// <summary>16-bit safe prime 65063 = 2 * 32531 + 1, g = 2 of order 32531.</summary>
        public static DhGroup Safe16 { get; } = Safe("teaching-safe16", 65063);

        /// <summary>24-bit safe prime, g = 2 of order q = (p - 1) / 2.</summary>
        public static DhGroup Safe24 { get; } = Safe("teaching-safe24", 16774679);

        /// <summary>32-bit safe prime, g = 2 of order q = (p - 1) / 2.</summary>
        public static DhGroup Safe32 { get; } = Safe("teaching-safe32", 4294967087);

        /// <summary>40-bit safe prime, g = 2 of order q = (p - 1) / 2.</summary>
        public static DhGroup Safe40 { get; } = Safe("teaching-safe40", 1099511615303);

        /// <summary>48-bit safe prime, g = 2 of order q = (p - 1) / 2.</summary>
        public static DhGroup Safe48 { get; } = Safe("teaching-safe48", 281474976705359);

        /// <summary>56-bit safe prime, g = 2 of order q = (p - 1) / 2.</summary>
        public static DhGroup Safe56 { get; } = Safe("teaching-safe56", 72057594037925687);

        /// <summary>64-bit safe prime, g = 2 of order q = (p - 1) / 2.</summary>
        public static DhGroup Safe64 { get; } = Safe(
            "teaching-safe64",
            BigInteger.Parse("18446744073709543127", CultureInfo.InvariantCulture));

        /// <summary>
        /// A 64-bit prime with a smooth p - 1 = 2 * 17 * 67 * 233 * 18443 * 32537 * 39509 and
        /// the primitive root g = 2: Pohlig-Hellman breaks it at once, while
        /// <see cref="Safe64"/> of the same size resists.
        /// </summary>
        public static DhGroup Smooth64 { get; } = new(
            "teaching-smooth64",
            BigInteger.Parse("12583885321829133707", CultureInfo.InvariantCulture),
            2,
            q: null,
            privateExponentBits: null,
            isTeachingOnly: true);

        /// <summary>
        /// A 128-bit prime whose p - 1 has no prime factor above 2^16, with the primitive
        /// root g = 5.
        /// </summary>
        public static DhGroup Smooth128 { get; } = new(
            "teaching-smooth128",
            BigInteger.Parse(
                "327941929624652234922031257580823000207", CultureInfo.InvariantCulture),
            5,
            q: null,
            privateExponentBits: null,
            isTeachingOnly: true);

        /// <summary>The safe teaching primes, smallest first, for timing plots.</summary>
        public static IReadOnlyList<DhGroup> SafePrimes { get; } =
            [Safe16, Safe24, Safe32, Safe40, Safe48, Safe56, Safe64];

        /// <summary>Every teaching group.</summary>
        public static IReadOnlyList<DhGroup> All { get; } =
            [Classic23, .. SafePrimes, Smooth64, Smooth128];

        private static DhGroup Safe(string name, BigInteger p) =>
            new(name, p, 2, (p - 1) / 2, privateExponentBits: null, isTeachingOnly: true)
            {
                IsVerifiedSafePrime = true,
            };
    }
}
