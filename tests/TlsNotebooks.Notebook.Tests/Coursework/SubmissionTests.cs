using System.Text.Json.Nodes;
using TlsNotebooks.Tools.Coursework;
using TlsNotebooks.Tools.Notebooks;
using static TlsNotebooks.Notebook.Tests.Coursework.CourseworkFiles;

namespace TlsNotebooks.Notebook.Tests.Coursework;

/// <summary>Preparing a submission: what nbgrader's autograde restores and keeps.</summary>
public class SubmissionTests
{
    private static TeacherNotebook Teacher() => TeacherNotebook.Annotate(MakeNotebook(
        Path.Combine(Path.GetTempPath(), "teacher", "nb.ipynb"),
        Markdown("# title"),
        Code("#r \"../lib/Lib.dll\"\nvar header = 1;"),
        Code("int x;\n// BEGIN SOLUTION\nx = 300;\n// END SOLUTION"),
        Code("// BEGIN HIDDEN TESTS\nCheck.That(\"00.1\", x > 0, \"no\");\n// END HIDDEN TESTS\n"
            + "Check.Answer(\"00.1\", x)"),
        Code("var free = 1;")));

    private static string Source(NotebookFile notebook, string gradeId) =>
        NotebookFile.SourceOf(notebook.Cells[IndexOf(notebook, gradeId)]!);

    [Fact]
    public void CheckAndLockedCells_GetTheTeachersSource_AnswersAndFreeCellsStay()
    {
        var teacher = Teacher();
        var student = StudentVersion.Make(teacher);
        student.Cells[IndexOf(student, "answer-00-1")]!["source"] = "int x = 299; // mine";
        student.Cells[IndexOf(student, "check-00-1")]!["source"] = "\"I passed\"";
        student.Cells[IndexOf(student, "setup")]!["source"] = "// set-up removed";
        student.Cells.Add(Code("var scratch = 2;"));

        var merged = Submission.Merge(teacher, student, "/run/nb.ipynb").Notebook;

        Assert.Equal("int x = 299; // mine", Source(merged, "answer-00-1"));
        Assert.Contains("BEGIN HIDDEN TESTS", Source(merged, "check-00-1"));
        Assert.Contains("Check.That(\"00.1\", x > 0", Source(merged, "check-00-1"));
        Assert.Contains("var header = 1;", Source(merged, "setup"));
        Assert.Contains("var scratch = 2;", AllSource(merged));
        Assert.Equal("/run/nb.ipynb", merged.Path);
    }

    [Fact]
    public void CheckCalls_InCheckCells_AreNamedInFull_SoAStudentsCheckClassCannotShadowThem()
    {
        var teacher = Teacher();
        var student = StudentVersion.Make(teacher);
        student.Cells[IndexOf(student, "answer-00-1")]!["source"] =
            "static class Check { public static string Answer(string id, int x) => \"pass\"; }";

        var merged = Submission.Merge(teacher, student, "/run/nb.ipynb").Notebook;

        var check = Source(merged, "check-00-1");
        Assert.Contains(Submission.FullCheckName + ".That(\"00.1\", x > 0", check);
        Assert.EndsWith(Submission.FullCheckName + ".Answer(\"00.1\", x)", check);
        Assert.DoesNotContain(" Check.", check);
    }

    [Fact]
    public void RelativeReferences_InTeacherCells_BecomeAbsolute()
    {
        var teacher = Teacher();

        var merged = Submission.Merge(teacher, StudentVersion.Make(teacher), "/elsewhere/nb.ipynb");

        var expected = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "lib", "Lib.dll"))
            .Replace('\\', '/');
        Assert.Contains($"#r \"{expected}\"", Source(merged.Notebook, "setup"));
    }

    [Fact]
    public void DeletedCheckCell_IsPutBack_AfterTheAnswer()
    {
        var teacher = Teacher();
        var student = StudentVersion.Make(teacher);
        student.Cells.RemoveAt(IndexOf(student, "check-00-1"));

        var prepared = Submission.Merge(teacher, student, "/run/nb.ipynb");

        Assert.Equal(IndexOf(prepared.Notebook, "answer-00-1") + 1,
            IndexOf(prepared.Notebook, "check-00-1"));
        Assert.Contains(prepared.Notes,
            n => n.Contains("check-00-1 was missing", StringComparison.Ordinal));
    }

    [Fact]
    public void DeletedAnswerCell_CountsAsUnanswered()
    {
        var teacher = Teacher();
        var student = StudentVersion.Make(teacher);
        student.Cells.RemoveAt(IndexOf(student, "answer-00-1"));

        var prepared = Submission.Merge(teacher, student, "/run/nb.ipynb");

        Assert.Contains("NotImplementedException", Source(prepared.Notebook, "answer-00-1"));
        Assert.True(
            IndexOf(prepared.Notebook, "answer-00-1") < IndexOf(prepared.Notebook, "check-00-1"));
    }

    [Fact]
    public void SubmissionWithoutMetadata_IsMatchedByPosition()
    {
        var teacher = Teacher();
        var student = StudentVersion.Make(teacher);
        foreach (var cell in student.Cells)
        {
            cell!["metadata"]!.AsObject().Remove("nbgrader");
        }

        student.Cells[2]!["source"] = "int x = 42;";

        var prepared = Submission.Merge(teacher, student, "/run/nb.ipynb");

        Assert.Equal("int x = 42;", Source(prepared.Notebook, "answer-00-1"));
        Assert.Contains("BEGIN HIDDEN TESTS", Source(prepared.Notebook, "check-00-1"));
        Assert.Contains(prepared.Notes, n => n.Contains("by position", StringComparison.Ordinal));
    }

    [Fact]
    public void CopiedCheckCell_IsNotGradedTwice()
    {
        var teacher = Teacher();
        var student = StudentVersion.Make(teacher);
        student.Cells.Add(student.Cells[IndexOf(student, "check-00-1")]!.DeepClone());

        var merged = Submission.Merge(teacher, student, "/run/nb.ipynb").Notebook;

        Assert.Single(merged.Cells, c => NbgraderMetadata.Read(c!)?.GradeId == "check-00-1");
        Assert.Equal(student.Cells.Count, merged.Cells.Count);
    }

    [Fact]
    public void Outputs_AreClearedBeforeTheRun()
    {
        var teacher = Teacher();
        var student = StudentVersion.Make(teacher);
        student.Cells[IndexOf(student, "answer-00-1")]!["outputs"] = new JsonArray(
            new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "fake" });

        var merged = Submission.Merge(teacher, student, "/run/nb.ipynb").Notebook;

        Assert.Empty(merged.Cells[IndexOf(merged, "answer-00-1")]!["outputs"]!.AsArray());
    }
}
