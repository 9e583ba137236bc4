using TlsNotebooks.X509;
using Xunit.Abstractions;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// x509-limbo (C2SP/x509-limbo): every case must either give limbo's expected result or be
/// listed, with its reason, in limbo-divergences.json. No listed divergence may be an accept.
/// </summary>
public class LimboTests
{
    private readonly ITestOutputHelper _output;

    public LimboTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var limbo in LimboSuite.Cases)
        {
            data.Add(limbo.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_GivesTheExpectedResultOrAListedDivergence(string id)
    {
        var limbo = LimboSuite.Cases.Single(c => c.Id == id);
        var (accepted, detail) = LimboSuite.Run(limbo);
        var expected = LimboSuite.Outcome(limbo.ExpectSuccess);
        var actual = LimboSuite.Outcome(accepted);
        _output.WriteLine($"{id} [{limbo.Tier}]: expected {expected}, actual {actual}: {detail}");

        if (expected == actual)
        {
            Assert.False(LimboSuite.Divergences.ContainsKey(id),
                $"{id} now passes: remove it from limbo-divergences.json");
            return;
        }

        Assert.True(LimboSuite.Divergences.TryGetValue(id, out var listed),
            $"{id}: expected {expected} but got {actual} ({detail}), and it is not listed");
        Assert.Equal(expected, listed!.Expected);
        Assert.Equal(actual, listed.Actual);
    }

    [Fact]
    public void AllCases_NoChainLimboRejectsIsAccepted()
    {
        var falseAccepts = LimboSuite.Cases
            .Where(c => !c.ExpectSuccess && LimboSuite.Run(c).Accepted)
            .Select(c => c.Id)
            .ToList();

        Assert.Equal(208, LimboSuite.Cases.Count);
        Assert.True(falseAccepts.Count == 0, "false accepts: " + string.Join(", ", falseAccepts));
    }

    [Fact]
    public void DivergencesFile_ListsOnlyRejectionsOfGoodChains()
    {
        Assert.All(LimboSuite.Divergences, d =>
        {
            Assert.Equal("SUCCESS", d.Value.Expected);
            Assert.Equal("FAILURE", d.Value.Actual);
            Assert.False(string.IsNullOrWhiteSpace(d.Value.Reason));
            Assert.Contains(LimboSuite.Cases, c => c.Id == d.Key);
        });
    }

    [Fact]
    public void Counts_AreReportedAndCoreTierPassesOrIsListed()
    {
        var counts = LimboSuite.Counts();
        _output.WriteLine(counts.ToString());

        Assert.Equal(208, counts.Run);
        Assert.Equal(0, counts.FalseAccepts);
        Assert.Equal(0, counts.UnlistedDivergences);
        Assert.Equal(counts.Run, counts.Passed + counts.ListedDivergences);
    }
}
