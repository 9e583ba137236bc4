using System.Text.Json.Nodes;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Coursework;
using TlsNotebooks.Tools.Notebooks;
using static TlsNotebooks.Notebook.Tests.Coursework.CourseworkFiles;

namespace TlsNotebooks.Notebook.Tests.Coursework;

/// <summary>
/// The metadata against nbgrader's cell metadata schema, version 3 (nbgrader's
/// nbgraderformat/v3.json and the rules of its MetadataValidatorV3).
/// </summary>
public class NbgraderMetadataTests
{
    private static readonly string[] s_schemaKeys =
        ["schema_version", "grade", "locked", "solution", "task", "grade_id", "points", "checksum",
         "cell_type"];

    [Fact]
    public void EveryTeacherNotebook_GetsMetadataNbgraderAccepts()
    {
        foreach (var teacher in RealTeachers())
        {
            Assert.Empty(TeacherNotebook.Problems(teacher.Notebook));
            foreach (var cell in teacher.Notebook.Cells)
            {
                if (cell!["metadata"]?["nbgrader"] is JsonObject meta)
                {
                    Assert.Equal(3, meta["schema_version"]!.GetValue<int>());
                    Assert.All(meta, pair => Assert.Contains(pair.Key, s_schemaKeys));
                    Assert.Matches("^[a-zA-Z0-9_\\-]+$", meta["grade_id"]!.GetValue<string>());
                }
            }
        }
    }

    [Fact]
    public void TheCommittedTeacherNotebooks_AlreadyCarryTheMetadata()
    {
        // nbgrader reads the metadata from the files themselves, not from our in-memory
        // annotation: a notebook edited without running "nbgrader-metadata --write" fails here.
        foreach (var path in Directory.GetFiles(Repository.NotebooksFolder, "*.ipynb"))
        {
            var problems = TeacherNotebook.Problems(NotebookFile.Load(path)).ToList();
            Assert.True(problems.Count == 0,
                $"{Path.GetFileName(path)}: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void StartHere_AnswerAndCheckCells_AreInferredFromTheMarkersAndTheCheckCall()
    {
        var teacher = RealTeachers().Single(t => t.FileName == "00-start-here.ipynb");

        var grade = Assert.Single(teacher.GradeCells);
        Assert.Equal("check-00-1", grade.GradeId);
        Assert.Equal("00.1", grade.ExerciseId);
        Assert.Equal("answer-00-1", grade.AnswerGradeId);
        Assert.Equal(TlsNotebooks.Notebook.Exercises.Check.All["00.1"].Points, grade.Points);

        var check = NbgraderMetadata.Read(teacher.Notebook.Cells[grade.CellIndex]!)!;
        Assert.True(check is { Grade: true, Locked: true, Solution: false });
        var answer = NbgraderMetadata.Read(
            teacher.Notebook.Cells[IndexOf(teacher.Notebook, "answer-00-1")]!)!;
        Assert.True(answer is { Solution: true, Grade: false, Locked: false, Points: null });
        var setup = NbgraderMetadata.Read(
            teacher.Notebook.Cells[IndexOf(teacher.Notebook, "setup")]!)!;
        Assert.True(setup is { Locked: true, Grade: false, Solution: false });
    }

    [Fact]
    public void Annotate_KeepsMetadataATeacherWrote_AndIsStable()
    {
        var own = new NbgraderMetadata(
            "my-answer", Solution: true, Grade: false, Locked: false, null);
        var answer = Code("// BEGIN SOLUTION\nvar x = 1;\n// END SOLUTION", own.ToJson());
        var notebook = MakeNotebook("nb.ipynb", answer, Code("Check.Answer(\"00.1\", x)"));

        var once = TeacherNotebook.Annotate(notebook);
        var twice = TeacherNotebook.Annotate(once.Notebook);

        Assert.Equal("my-answer", once.GradeCells.Single().AnswerGradeId);
        Assert.Equal(once.Notebook.Root.ToJsonString(), twice.Notebook.Root.ToJsonString());
    }

    [Theory]
    [InlineData("""
        {"grade":true,"grade_id":"c","locked":true,"schema_version":3,"solution":false}
        """, "needs points")]
    [InlineData("""
        {"grade":false,"grade_id":"a b","locked":true,"schema_version":3,"solution":false}
        """, "only letters, digits")]
    [InlineData("""
        {"grade":false,"locked":true,"schema_version":3,"solution":false}
        """, "needs a grade_id")]
    [InlineData("""
        {"grade":false,"grade_id":"c","locked":true,"schema_version":2,"solution":false}
        """, "schema_version must be 3")]
    [InlineData("""
        {"grade_id":"c","locked":true,"schema_version":3,"solution":false}
        """, "\"grade\" is required")]
    [InlineData("""
        {"grade":false,"grade_id":"c","locked":true,"schema_version":3,"solution":false,"x":1}
        """, "does not allow the key \"x\"")]
    public void Validate_RefusesWhatNbgradersSchemaRefuses(string nbgrader, string rule)
    {
        var cell = Code("1", JsonNode.Parse(nbgrader)!.AsObject());

        var problems = NbgraderMetadata.Validate(cell, "nb, cell 1").ToList();

        Assert.Contains(problems, p => p.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_NameDuplicateIds_MarkersOutsideTheirCells_AndWrongPoints()
    {
        var locked = new NbgraderMetadata("same", false, false, true, null).ToJson();
        var check = new NbgraderMetadata("check", false, true, true, 5).ToJson();
        var notebook = MakeNotebook(
            "nb.ipynb",
            Code("1", locked),
            Code("2", locked.DeepClone().AsObject()),
            Code("// BEGIN SOLUTION\nx\n// END SOLUTION"),
            Code("// BEGIN HIDDEN TESTS\nx\n// END HIDDEN TESTS"),
            Code("Check.Answer(\"00.1\", 1)", check));

        var problems = TeacherNotebook.Problems(notebook).ToList();

        void Names(string text) =>
            Assert.Contains(problems, p => p.Contains(text, StringComparison.Ordinal));
        Names("\"same\" is used twice");
        Names("cell 3: has a BEGIN SOLUTION region but is not a solution");
        Names("cell 4: has hidden tests but is not a grade cell");
        Names("worth 5 points in its metadata but exercise 00.1");
    }

    [Fact]
    public void Problems_AskForTheCSharpLanguageKey()
    {
        var notebook = MakeNotebook("nb.ipynb", Code("1"));
        notebook.Root["metadata"]!["kernelspec"]!["language"] = "csharp";

        Assert.Contains(TeacherNotebook.Problems(notebook),
            p => p.Contains("\"C#\"", StringComparison.Ordinal));
    }

    [Fact]
    public void MetadataCommand_WritesWhatIsMissing_ThenFindsNothingWrong()
    {
        var folder = NewFolder("tlsnb-meta-");
        var path = Path.Combine(folder, "nb.ipynb");
        MakeNotebook(path,
            Code("// BEGIN SOLUTION\nvar x = 1;\n// END SOLUTION"),
            Code("Check.Answer(\"00.1\", x)")).Save(path);

        Assert.Equal(1, CourseworkCommands.Metadata([path]));
        Assert.Equal(0, CourseworkCommands.Metadata(["--write", path]));
        Assert.Equal(0, CourseworkCommands.Metadata([path]));
    }
}
