using TlsNotebooks.Tools.Coursework;

namespace TlsNotebooks.Notebook.Tests.Coursework;

public class MarkersTests
{
    private const string Answer = """
        int RecordLength(byte[] h)
        {
            // BEGIN SOLUTION
            var high = h[3];
            return (high << 8) | h[4];
            // END SOLUTION
        }
        """;

    [Fact]
    public void ReplaceSolutions_PutsTheStubAtTheIndentOfTheBeginLine()
    {
        var student = Markers.ReplaceSolutions(
            Answer, ["// YOUR CODE HERE", "throw null;"], "cell");

        Assert.Equal(
            "int RecordLength(byte[] h)\n{\n    // YOUR CODE HERE\n    throw null;\n}",
            student.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void SolutionLines_AreTheLinesBetweenTheMarkers()
    {
        var lines = Markers.SolutionLines(Answer.ReplaceLineEndings("\n"), "cell");

        Assert.Equal(["    var high = h[3];", "    return (high << 8) | h[4];"], lines);
    }

    [Fact]
    public void RemoveHiddenTests_DropsTheRegionAndItsMarkers()
    {
        var check = "// BEGIN HIDDEN TESTS\nCheck.That(\"00.1\", secret, \"no\");\n"
            + "// END HIDDEN TESTS\nCheck.Answer(\"00.1\", x)";

        Assert.Equal("Check.Answer(\"00.1\", x)", Markers.RemoveHiddenTests(check, "cell"));
    }

    [Fact]
    public void MarkersInAnyCommentSyntax_AreFound_AsInNbgrader()
    {
        var python = "### BEGIN SOLUTION\nx = 1\n### END SOLUTION";

        Assert.Equal("stub", Markers.ReplaceSolutions(python, ["stub"], "cell"));
    }

    [Theory]
    [InlineData("// BEGIN SOLUTION\nx\n// BEGIN SOLUTION\n// END SOLUTION", "cannot nest")]
    [InlineData("x\n// END SOLUTION", "without a \"BEGIN SOLUTION\" above it")]
    [InlineData("// BEGIN SOLUTION\nx", "never closed")]
    public void MalformedRegions_AreRefused_NamingTheRule(string source, string rule)
    {
        var error = Assert.Throws<InvalidDataException>(
            () => Markers.ReplaceSolutions(source, ["stub"], "nb, cell 4"));

        Assert.Contains(rule, error.Message);
        Assert.StartsWith("nb, cell 4", error.Message);
    }
}
