using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace TlsNotebooks.Tests.DiffieHellman;

/// <summary>
/// Reads the finite-field known answers in the shared test data (ffdh/ffdh_vectors.json):
/// RFC 7919 and RFC 3526 groups, agreements computed with Python's pow() and checked with
/// openssl pkeyutl -derive, and public values to accept or reject.
/// </summary>
internal static class FfdhVectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestData.PathTo("ffdh", "ffdh_vectors.json"))));

    public static IEnumerable<JsonElement> Groups =>
        Document.Value.RootElement.GetProperty("groups").EnumerateArray();

    public static JsonElement Group(string name) =>
        Groups.Single(g => g.GetProperty("name").GetString() == name);

    public static JsonElement Test(int tcId) =>
        Groups.SelectMany(g => g.GetProperty("tests").EnumerateArray())
            .Single(t => t.GetProperty("tcId").GetInt32() == tcId);

    public static JsonElement PublicCase(int tcId) =>
        Groups.SelectMany(g => g.GetProperty("invalidPublic").EnumerateArray())
            .Single(t => t.GetProperty("tcId").GetInt32() == tcId);

    public static string GroupNameOf(int tcId) =>
        Groups.Single(g =>
                g.GetProperty("tests").EnumerateArray()
                    .Concat(g.GetProperty("invalidPublic").EnumerateArray())
                    .Any(t => t.GetProperty("tcId").GetInt32() == tcId))
            .GetProperty("name").GetString()!;

    public static TheoryData<int> AgreementIds() =>
        new(Groups.SelectMany(g => g.GetProperty("tests").EnumerateArray())
            .Select(t => t.GetProperty("tcId").GetInt32()));

    public static TheoryData<int> PublicValueIds() =>
        new(Groups.SelectMany(g => g.GetProperty("invalidPublic").EnumerateArray())
            .Select(t => t.GetProperty("tcId").GetInt32()));

    public static TheoryData<string> GroupNames() =>
        new(Groups.Select(g => g.GetProperty("name").GetString()!));

    public static BigInteger Hex(JsonElement element, string property) =>
        Hex(element.GetProperty(property).GetString()!);

    public static BigInteger Hex(string hex) =>
        BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static byte[] Bytes(JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);
}
