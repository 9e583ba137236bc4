using System.Text;
using System.Text.Json.Nodes;
using TlsNotebooks.Tools.Coursework;
using TlsNotebooks.Tools.Notebooks;
using static TlsNotebooks.Notebook.Tests.Coursework.CourseworkFiles;

namespace TlsNotebooks.Notebook.Tests.Coursework;

/// <summary>Reports, shards, resuming and merging, on results made up without a kernel.</summary>
public class GradeReportTests
{
    private const string Wrong = "Not yet, \"quoted\", with a comma.";

    private static StudentResult Result(
        string student,
        params (string Exercise, double Points)[] scores) =>
        new(student, DateTimeOffset.UnixEpoch, 1,
        [
            new NotebookScore("02-dh", true, 1, null, [],
                scores.Select(s => new ExerciseScore(
                    "02-dh", s.Exercise, "check-" + s.Exercise.Replace('.', '-'), s.Points, 2,
                    s.Points >= 2, s.Points >= 2 ? "Right." : Wrong, null)).ToList()),
        ]);

    [Fact]
    public void GradesCsv_HasATotalAndAColumnPerExercise()
    {
        var results = new[]
        {
            Result("ann", ("02.1", 2), ("02.2", 0)),
            Result("ben", ("02.1", 1), ("02.2", 2)),
        };

        var csv = GradeReport.Grades(results, GradeReport.Columns(results));

        Assert.Equal(
            "student,total,max,02.1 (2),02.2 (2)\r\nann,2,4,2,0\r\nben,3,4,1,2\r\n", csv);
    }

    [Fact]
    public void ResultsCsv_QuotesFieldsWithCommasAndQuotes_AsRfc4180Says()
    {
        var csv = GradeReport.Details([Result("ann", ("02.1", 0))]);

        Assert.Contains("\"Not yet, \"\"quoted\"\", with a comma.\"", csv);
    }

    [Fact]
    public void Chart_HasABarPerExercise_AsWideAsTheShareThatPassed()
    {
        var results = new[] { Result("ann", ("02.1", 2)), Result("ben", ("02.1", 0)) };

        var svg = GradeReport.Chart(results, GradeReport.Columns(results));

        Assert.StartsWith("<svg", svg);
        Assert.Contains("width=\"210\"", svg); // half of the 420-pixel plot
        Assert.Contains("50% (1/2)", svg);
        Assert.DoesNotContain("<script", svg);
    }

    [Fact]
    public void Summaries_NameTheStudentsAndTheirErrors()
    {
        var broken = Result("cy", ("02.1", 0)) with
        {
            Notebooks = [new NotebookScore("02-dh", true, 60, "did not finish within 60 s", [],
                [new ExerciseScore("02-dh", "02.1", "check-02-1", 0, 2, false, "did not run",
                    "did not finish within 60 s")])],
        };

        var results = new[] { Result("ann", ("02.1", 2)), broken };
        var md = GradeReport.Markdown(results, GradeReport.Columns(results));
        var html = GradeReport.Html(results, GradeReport.Columns(results));

        Assert.Contains("| cy | 0 | 2 | 02.1 |", md);
        Assert.Contains("- **cy**, 02-dh: did not finish within 60 s", md);
        Assert.Contains("<svg", html);
        Assert.Contains("<li><b>cy</b>, 02-dh: did not finish within 60 s</li>", html);
    }

    [Theory]
    [InlineData("1/3", new[] { "a", "d", "g" })]
    [InlineData("3/3", new[] { "c", "f" })]
    public void Shard_TakesEveryNthStudentInNameOrder(string shard, string[] expected)
    {
        string[] everyone = ["a", "b", "c", "d", "e", "f", "g"];

        Assert.Equal(expected, Shard.Parse(shard).Select(everyone));
    }

    [Fact]
    public void Shards_CoverTheClassOnce()
    {
        var everyone = Enumerable.Range(0, 301).Select(i => $"s{i:000}").ToList();

        var covered = Enumerable.Range(1, 10)
            .SelectMany(k => new Shard(k, 10).Select(everyone))
            .ToList();

        Assert.Equal(everyone.Order(), covered.Order());
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("3")]
    [InlineData("a/b")]
    public void Shard_RefusesNonsense(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Shard.Parse(text));

        Assert.Contains("1 <= K <= N", error.Message);
    }

    [Fact]
    public async Task Grade_ResumesWithoutRunningAnyKernel_WhenEveryResultExists()
    {
        var submissions = NewFolder("tlsnb-subs-");
        var outFolder = NewFolder("tlsnb-out-");
        foreach (var name in new[] { "ann", "ben" })
        {
            Directory.CreateDirectory(Path.Combine(submissions, name));
            Grader.SaveResult(Grader.ResultPath(outFolder, name), Result(name, ("02.1", 2)));
        }

        var run = await Grader.GradeAsync(new GradeOptions
        {
            TeacherFolder = FixtureTeacherFolder(),
            SubmissionsFolder = submissions,
            OutFolder = outFolder,
            NotebookTimeout = TimeSpan.FromSeconds(1),
        });

        Assert.Empty(run.Graded);
        Assert.Equal(["ann", "ben"], run.Resumed);
        Assert.Contains(
            "ann,2,2,2", File.ReadAllText(Path.Combine(outFolder, GradeReport.GradesCsv)));
    }

    [Fact]
    public void CutShortResult_IsGradedAgain()
    {
        var outFolder = NewFolder("tlsnb-out-");
        var path = Grader.ResultPath(outFolder, "ann");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{\"Student\": \"ann\", \"Noteb");

        Assert.Null(Grader.LoadResult(path));
    }

    [Fact]
    public void MergeReports_JoinsShards_AndKeepsTheFirstOfADuplicate()
    {
        var shard1 = NewFolder("tlsnb-shard1-");
        var shard2 = NewFolder("tlsnb-shard2-");
        var merged = NewFolder("tlsnb-merged-");
        Grader.SaveResult(Grader.ResultPath(shard1, "ann"), Result("ann", ("02.1", 2)));
        Grader.SaveResult(Grader.ResultPath(shard2, "ben"), Result("ben", ("02.1", 0)));
        Grader.SaveResult(Grader.ResultPath(shard2, "ann"), Result("ann", ("02.1", 0)));
        var warnings = new List<string>();

        var result = ReportMerger.Merge([shard1, shard2], merged, warnings.Add);

        Assert.Equal(["ann", "ben"], result.Results.Select(r => r.Student));
        Assert.Equal(2, result.Results[0].Points);
        Assert.Single(warnings);
        var csv = File.ReadAllText(Path.Combine(merged, GradeReport.GradesCsv), Encoding.UTF8);
        Assert.Equal("student,total,max,02.1 (2)\r\nann,2,2,2\r\nben,0,2,0\r\n", csv);
    }

    [Theory]
    [InlineData("System.NotImplementedException: Exercise 00.1: replace this line.\n   at x",
        "Exercise 00.1: replace this line.")]
    [InlineData("The kernel program exited while the cell ran. Its standard error ended with:\nabc",
        "The kernel program exited while the cell ran.")]
    [InlineData("(3,1): error CS0103: The name 'x' does not exist in the current context",
        "(3,1): error CS0103: The name 'x' does not exist in the current context")]
    public void Clean_KeepsTheFirstLine_WithoutTheExceptionType(string error, string expected)
    {
        Assert.Equal(expected, Scores.Clean(error));
    }

    [Fact]
    public void Scores_FollowNbgradersRules_ErrorZero_NumberPartial_ElseFull()
    {
        var teacher = TeacherNotebook.Annotate(MakeNotebook(
            "/t/nb.ipynb",
            Code("int x;\n// BEGIN SOLUTION\nx = 1;\n// END SOLUTION"),
            Code("Check.Answer(\"00.1\", x)")));
        var executed = teacher.Notebook.Clone();
        var check = executed.Cells[1]!;

        NotebookScore Score(string? error, JsonArray outputs)
        {
            check["outputs"] = outputs;
            var run = new NotebookResult("nb", "/t/nb.ipynb", null, 2,
                [
                    new CellResult(1, 1, "csharp", 0, null, 0),
                    new CellResult(2, 2, "csharp", 0, error, 0),
                ],
                1) { Executed = executed };
            return Scores.Read(teacher, run, []);
        }

        var html = "<div class=\"tlsnb-exercise\" data-exercise=\"00.1\" data-passed=\"true\" "
            + "data-points=\"1/1\" style=\"x\">✔ Exercise 00.1 (t): Right. 1/1 points.</div>";
        var passed = Score(null, [new JsonObject
        {
            ["output_type"] = "execute_result",
            ["data"] = new JsonObject { ["text/html"] = html },
        }]).Exercises.Single();
        var failed = Score(
            "TlsNotebooks.Notebook.Exercises.ExerciseFailedException: "
                + "✘ Exercise 00.1 (t): not yet.\n   at x",
            []).Exercises.Single();

        Assert.True(passed is { Points: 1, Passed: true });
        Assert.Equal("✔ Exercise 00.1 (t): Right. 1/1 points.", passed.Message);
        Assert.True(failed is { Points: 0, Passed: false });
        Assert.Equal("✘ Exercise 00.1 (t): not yet.", failed.Message);
    }
}
