using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Coursework;
using TlsNotebooks.Tools.Notebooks;
using static TlsNotebooks.Notebook.Tests.Coursework.CourseworkFiles;

namespace TlsNotebooks.Notebook.Tests.Coursework;

/// <summary>
/// The sample class on the collection's notebooks (all but the never-ending student, who is
/// graded on the small fixture below), graded once in the real kernel as two shards side by
/// side through the commands, then merged.
/// </summary>
public sealed class SampleClassGrading : IAsyncLifetime
{
    /// <summary>Far more than a notebook needs, even on a loaded machine.</summary>
    public const int TimeoutSeconds = 600;

    public static readonly string[] Students =
        [SampleClass.Solutions, SampleClass.Untouched, SampleClass.OneRight];

    public string Submissions { get; } = NewFolder("tlsnb-class-");

    public string Shard1 { get; } = NewFolder("tlsnb-shard1-");

    public string Shard2 { get; } = NewFolder("tlsnb-shard2-");

    public string Merged { get; } = NewFolder("tlsnb-merged-");

    public int[] ExitCodes { get; private set; } = [];

    public IReadOnlyList<StudentResult> Results { get; private set; } = [];

    public async Task InitializeAsync()
    {
        SampleClass.Write(RealTeachers(), Submissions, Students);
        ExitCodes = await Task.WhenAll(
            CourseworkCommands.GradeAsync(Args(Shard1, "1/2")),
            CourseworkCommands.GradeAsync(Args(Shard2, "2/2")));
        ExitCodes =
            [.. ExitCodes, CourseworkCommands.MergeReports([Shard1, Shard2, "--out", Merged])];
        Results = Grader.LoadResults(Merged);
    }

    public string[] Args(string outFolder, string shard) =>
        [Submissions, "--out", outFolder, "--shard", shard, "--timeout", $"{TimeoutSeconds}"];

    public Task DisposeAsync() => Task.CompletedTask;
}

public class GraderKernelTests(SampleClassGrading grading) : IClassFixture<SampleClassGrading>
{
    private static readonly IReadOnlyList<TeacherNotebook> s_graded =
        RealTeachers().Where(t => t.HasExercises).ToList();

    private StudentResult Student(string name) => grading.Results.Single(r => r.Student == name);

    [Fact]
    public void EveryCommandSucceeded_AndEveryStudentWasGradedOnce()
    {
        Assert.Equal([0, 0, 0], grading.ExitCodes);
        Assert.Equal(SampleClassGrading.Students, grading.Results.Select(r => r.Student));
    }

    [Fact]
    public void TeacherNotebooks_ScoreFullMarks()
    {
        var alice = Student(SampleClass.Solutions);

        Assert.Equal(s_graded.Sum(t => t.MaxPoints), alice.MaxPoints);
        Assert.Equal(alice.MaxPoints, alice.Points);
        Assert.All(alice.Notebooks.SelectMany(n => n.Exercises),
            e => Assert.True(e.Passed, e.Message));
    }

    [Fact]
    public void UntouchedStudentVersions_ScoreZero_AndSayWhy()
    {
        var bob = Student(SampleClass.Untouched);

        Assert.Equal(0, bob.Points);
        Assert.Equal(s_graded.Sum(t => t.MaxPoints), bob.MaxPoints);
        Assert.All(bob.Notebooks, n => Assert.Null(n.Stopped));
        Assert.All(bob.Notebooks.SelectMany(n => n.Exercises), e =>
        {
            Assert.False(e.Passed);
            Assert.Contains("replace this line with your code", e.Error);
        });
    }

    /// <summary>
    /// Bob's executed notebooks are the student versions run in the real kernel: no error
    /// before the first answer cell, whose stub stops with NotImplementedException.
    /// </summary>
    [Fact]
    public void UntouchedStudentVersions_RunWithoutErrorUpToTheirFirstExercise()
    {
        foreach (var teacher in s_graded)
        {
            var executed = NotebookFile.Load(Path.Combine(
                grading.Merged, "students", SampleClass.Untouched, teacher.FileName));
            var firstAnswer = IndexOf(executed, teacher.GradeCells[0].AnswerGradeId!);
            for (var i = 0; i <= firstAnswer; i++)
            {
                var errors = (executed.Cells[i]!["outputs"]?.AsArray() ?? [])
                    .Where(o => o!["output_type"]!.GetValue<string>() == "error")
                    .Select(o => o!["evalue"]!.GetValue<string>())
                    .ToList();
                if (i < firstAnswer)
                {
                    Assert.True(errors.Count == 0,
                        $"{teacher.FileName}, cell {i + 1}: {string.Join("; ", errors)}");
                }
                else
                {
                    Assert.Contains("NotImplementedException", Assert.Single(errors));
                }
            }
        }
    }

    [Fact]
    public void OneRightAnswer_ScoresExactlyItsPoints()
    {
        var carol = Student(SampleClass.OneRight);
        var first = s_graded[0].GradeCells[0];

        Assert.Equal(first.Points, carol.Points);
        var right = carol.Notebooks.SelectMany(n => n.Exercises).Where(e => e.Points > 0);
        Assert.Equal(first.GradeId, Assert.Single(right).GradeId);
    }

    [Fact]
    public void Reports_AreWritten_WithTheExecutedNotebooksBesideThem()
    {
        var grades = File.ReadAllLines(Path.Combine(grading.Merged, GradeReport.GradesCsv));
        Assert.Equal(1 + SampleClassGrading.Students.Length, grades.Length);
        Assert.StartsWith($"{SampleClass.Solutions},{s_graded.Sum(t => t.MaxPoints)}", grades[1]);
        Assert.Contains(
            "<svg", File.ReadAllText(Path.Combine(grading.Merged, GradeReport.SummaryHtml)));
        var executed = NotebookFile.Load(Path.Combine(
            grading.Merged, "students", SampleClass.Solutions, s_graded[0].FileName));
        Assert.Contains(executed.Cells, c => c!["outputs"]?.AsArray().Count > 0);
        AssertValidNbformat(Directory.GetFiles(
            Path.Combine(grading.Merged, "students"), "*.ipynb", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task GradingAShardAgain_ResumesEveryStudent_WithoutGradingAgain()
    {
        var before = Grader.LoadResults(grading.Shard1);

        var exitCode = await CourseworkCommands.GradeAsync(grading.Args(grading.Shard1, "1/2"));

        Assert.Equal(0, exitCode);
        Assert.Equal([SampleClass.Solutions, SampleClass.OneRight],
            before.Select(r => r.Student));
        Assert.Equal(before.Select(r => r.GradedAt),
            Grader.LoadResults(grading.Shard1).Select(r => r.GradedAt));
    }
}

/// <summary>
/// The hidden-tests fixture: hidden checks come back; a crash or a loop that never ends costs
/// only that student.
/// </summary>
public sealed class FixtureClassGrading : IAsyncLifetime
{
    /// <summary>The time limit of the students who do finish.</summary>
    public const int GenerousSeconds = 600;

    public const string HardCoded = "erin-hard-coded";
    public const string DeletedCheck = "frank-deleted-check";
    public const string Exits = "grace-exits";

    public string Teacher { get; } = FixtureTeacherFolder();

    public string Submissions { get; } = NewFolder("tlsnb-fixture-class-");

    public string Out { get; } = NewFolder("tlsnb-fixture-out-");

    /// <summary>Everyone's results, the never-ending student's included.</summary>
    public IReadOnlyList<StudentResult> Results { get; private set; } = [];

    /// <summary>
    /// The never-ending student's time limit: three times the slowest of the others plus 20 s,
    /// so that on a loaded machine the kernel still reaches the loop, on an idle one the test
    /// stays short.
    /// </summary>
    public int LoopTimeoutSeconds { get; private set; }

    public async Task InitializeAsync()
    {
        var teacher = TeacherNotebook.Load(Path.Combine(Teacher, "hidden-tests.ipynb"));
        Write(HardCoded, SampleClass.WithFirstAnswer(teacher, "return 300;"));
        var deleted = SampleClass.WithFirstAnswer(teacher, null);
        deleted.Cells.RemoveAt(IndexOf(deleted, "check-00-1"));
        Write(DeletedCheck, deleted);
        Write(Exits, SampleClass.WithFirstAnswer(teacher, "System.Environment.Exit(3); return 0;"));
        var first = await Grade(GenerousSeconds);

        // Added after the first run, so the second one grades only this student (it resumes).
        Write(SampleClass.NeverEnds, SampleClass.WithFirstAnswer(teacher, SampleClass.EndlessLoop));
        var slowest = first.Graded.Max(r => r.Notebooks.Single().Seconds);
        LoopTimeoutSeconds = (int)Math.Clamp(3 * slowest + 20, 45, GenerousSeconds);
        var second = await Grade(LoopTimeoutSeconds);
        Assert.Equal(3, first.Graded.Count);
        Assert.Equal(SampleClass.NeverEnds, Assert.Single(second.Graded).Student);
        Results = Grader.LoadResults(Out);

        Task<GradeRun> Grade(int seconds) => Grader.GradeAsync(new GradeOptions
        {
            TeacherFolder = Teacher,
            SubmissionsFolder = Submissions,
            OutFolder = Out,
            Parallel = 2,
            NotebookTimeout = TimeSpan.FromSeconds(seconds),
        });

        void Write(string student, NotebookFile notebook) =>
            notebook.Save(Path.Combine(Submissions, student, "hidden-tests.ipynb"));
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public class HiddenTestsKernelTests(FixtureClassGrading grading)
    : IClassFixture<FixtureClassGrading>
{
    private ExerciseScore Score(string student) =>
        grading.Results.Single(r => r.Student == student).Notebooks.Single().Exercises.Single();

    [Fact]
    public void HardCodedAnswer_PassesTheVisibleCheck_ButNotTheHiddenOne()
    {
        var score = Score(FixtureClassGrading.HardCoded);

        Assert.Equal(0, score.Points);
        Assert.Contains(
            "RecordLength gives the wrong length for a header it has not seen.", score.Message);
    }

    [Fact]
    public void DeletedCheckCell_IsPutBack_AndTheRightAnswerScores()
    {
        var result = grading.Results.Single(r => r.Student == FixtureClassGrading.DeletedCheck);

        Assert.Equal(1, result.Points);
        Assert.Contains(result.Notebooks[0].Notes, n => n.Contains("was missing and was put back",
            StringComparison.Ordinal));
    }

    [Fact]
    public void KernelThatExits_CostsThatStudentThePoints_NotTheRun()
    {
        var result = grading.Results.Single(r => r.Student == FixtureClassGrading.Exits);

        Assert.Equal(0, result.Points);
        Assert.Equal("The kernel program exited while the cell ran.", result.Notebooks[0].Stopped);
        Assert.Equal(4, grading.Results.Count);
    }

    [Fact]
    public void InfiniteLoop_TimesOut_InTheAnswerCell_AndIsReported()
    {
        var notebook = grading.Results.Single(r => r.Student == SampleClass.NeverEnds)
            .Notebooks.Single();
        var teacher = TeacherNotebook.Load(Path.Combine(grading.Teacher, "hidden-tests.ipynb"));
        // The answer cell only defines RecordLength; the loop runs when the check calls it.
        var checkCell = IndexOf(teacher.Notebook, "check-00-1") + 1;

        Assert.Equal(0, notebook.Exercises.Single().Points);
        Assert.Contains($"time limit of {grading.LoopTimeoutSeconds} s; "
            + $"cell {checkCell} was still running", notebook.Stopped);
        Assert.InRange(notebook.Seconds, grading.LoopTimeoutSeconds - 1,
            grading.LoopTimeoutSeconds + 60);
        var summary = File.ReadAllText(Path.Combine(grading.Out, GradeReport.SummaryMarkdown));
        Assert.Contains($"- **{SampleClass.NeverEnds}**, hidden-tests: The notebook did not finish",
            summary);
    }
}
