using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Coursework;
using TlsNotebooks.Tools.Notebooks;
using static TlsNotebooks.Notebook.Tests.Coursework.CourseworkFiles;

namespace TlsNotebooks.Notebook.Tests.Coursework;

public class StudentVersionTests
{
    public static IEnumerable<object[]> TeacherNotebooks =>
        Directory.GetFiles(Repository.NotebooksFolder, "*.ipynb")
            .Order(StringComparer.Ordinal)
            .Select(path => new object[] { Path.GetFileName(path) });

    private static IEnumerable<TeacherNotebook> AllTeachers() =>
        RealTeachers().Append(TeacherNotebook.Load(
            Path.Combine(FixtureTeacherFolder(), "hidden-tests.ipynb")));

    [Fact]
    public void NoSolutionOrHiddenTestTextSurvives()
    {
        foreach (var teacher in AllTeachers())
        {
            var student = AllSource(StudentVersion.Make(teacher));
            foreach (var cell in teacher.Notebook.Cells)
            {
                var source = NotebookFile.SourceOf(cell!);
                var secret = Markers.SolutionLines(source, teacher.FileName)
                    .Concat(Markers.HiddenTestLines(source, teacher.FileName))
                    .Select(l => l.Trim())
                    .Where(l => l.Length > 3);
                foreach (var line in secret)
                {
                    Assert.DoesNotContain(line, student);
                }
            }

            Assert.DoesNotContain("SOLUTION", student);
            Assert.DoesNotContain("HIDDEN TESTS", student);
        }
    }

    [Fact]
    public void TheFixtureHasSecrets_SoTheTestAboveCanFail()
    {
        var teacher = AllTeachers().Last();

        var all = AllSource(teacher.Notebook);

        Assert.Contains("return (recordHeader[3] << 8) | recordHeader[4];", all);
        Assert.Contains("0x17, 0x03, 0x03, 0x40, 0x00", all);
        Assert.DoesNotContain(
            "0x17, 0x03, 0x03, 0x40, 0x00", AllSource(StudentVersion.Make(teacher)));
    }

    [Fact]
    public void Stub_ThrowsNotImplemented_NamingTheExercise_AndMetadataAndOutputsAreAsPromised()
    {
        var teacher = RealTeachers().Single(t => t.FileName == "00-start-here.ipynb");

        var student = StudentVersion.Make(teacher);

        var answer = NotebookFile.SourceOf(student.Cells[IndexOf(student, "answer-00-1")]!);
        Assert.Contains(
            "throw new NotImplementedException(\"Exercise 00.1: replace this line", answer);
        Assert.Equal(teacher.Notebook.Root["metadata"]!.ToJsonString(),
            student.Root["metadata"]!.ToJsonString());
        for (var i = 0; i < student.Cells.Count; i++)
        {
            Assert.Equal(teacher.Notebook.Cells[i]!["metadata"]!.ToJsonString(),
                student.Cells[i]!["metadata"]!.ToJsonString());
            if (student.Cells[i]!["cell_type"]!.GetValue<string>() == "code")
            {
                Assert.Empty(student.Cells[i]!["outputs"]!.AsArray());
                Assert.Null(student.Cells[i]!["execution_count"]);
            }
        }
    }

    [Fact]
    public void StudentCommand_WritesOneNotebookPerTeacherNotebook()
    {
        var outFolder = NewFolder("tlsnb-student-");

        var exitCode = CourseworkCommands.Student(["--out", outFolder]);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            TeacherNotebooks.Select(n => (string)n[0]),
            Directory.GetFiles(outFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertValidNbformat(Directory.GetFiles(outFolder));
    }

    [Fact]
    public void SampleClassCommand_WritesTheStudentsTheGuideGrades()
    {
        var outFolder = NewFolder("tlsnb-sample-");
        var first = RealTeachers().First(t => t.HasExercises);

        Assert.Equal(0, CourseworkCommands.WriteSampleClass(["--out", outFolder]));

        Assert.Equal(SampleClass.Everyone.Order(StringComparer.Ordinal),
            Directory.GetDirectories(outFolder).Select(Path.GetFileName)
                .Order(StringComparer.Ordinal));
        NotebookFile Load(string student) =>
            NotebookFile.Load(Path.Combine(outFolder, student, first.FileName));
        var answerId = first.GradeCells[0].AnswerGradeId!;
        string Answer(NotebookFile notebook) =>
            NotebookFile.SourceOf(notebook.Cells[IndexOf(notebook, answerId)]!);
        Assert.Equal(Answer(first.Notebook), Answer(Load(SampleClass.OneRight)));
        Assert.Contains(SampleClass.EndlessLoop, Answer(Load(SampleClass.NeverEnds)));
        Assert.Single(Directory.GetFiles(Path.Combine(outFolder, SampleClass.OneRight)));
    }

    /// <summary>A notebook without exercises is handed out with its code unchanged.</summary>
    [Fact]
    public void NotebooksWithoutExercises_KeepTheirCode()
    {
        foreach (var teacher in RealTeachers().Where(t => !t.HasExercises))
        {
            Assert.Equal(AllSource(teacher.Notebook), AllSource(StudentVersion.Make(teacher)));
        }
    }

    /// <summary>
    /// Run as handed out (in place of the teacher notebook, in notebooks/, with the set-up
    /// cell's relative #r path), every cell before the first exercise works, and the first
    /// answer cell fails with the friendly stub. The set-up cell is the same in every
    /// notebook, so one notebook is run here; the untouched student versions of all of them
    /// run in GraderKernelTests.
    /// </summary>
    [Fact]
    public async Task StudentNotebook_AsHandedOut_RunsUpToItsFirstExercise()
    {
        var teacher = RealTeachers().First(t => t.HasExercises);
        var student = StudentVersion.Make(teacher);
        var folder = NewFolder("tlsnb-student-run-");
        var path = Path.Combine(folder, teacher.FileName);
        student.Save(path);

        var result = await NotebookRunner.RunAsync(
            NotebookFile.Load(path),
            null,
            new NotebookRunOptions
            {
                CellTimeout = TimeSpan.FromMinutes(5),
                WorkingDirectory = Repository.NotebooksFolder,
            });

        var firstAnswer = IndexOf(teacher.Notebook, teacher.GradeCells[0].AnswerGradeId!) + 1;
        var failed = Assert.IsType<CellResult>(result.FirstError);
        Assert.Equal(firstAnswer, failed.CellIndex);
        Assert.Contains("NotImplementedException", failed.Error);
        Assert.Contains("replace this line with your code", failed.Error);
    }
}
