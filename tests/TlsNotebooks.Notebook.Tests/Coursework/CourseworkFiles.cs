using System.Text.Json.Nodes;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Coursework;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests.Coursework;

/// <summary>Teacher folders and made-up classes in fresh temp folders.</summary>
internal static class CourseworkFiles
{
    /// <summary>The collection's teacher notebooks that have exercises.</summary>
    public static IReadOnlyList<TeacherNotebook> RealTeachers() =>
        TeacherNotebook.LoadFolder(Repository.NotebooksFolder);

    /// <summary>A temp folder with the hidden-tests fixture as its one teacher notebook.</summary>
    public static string FixtureTeacherFolder()
    {
        var folder = Directory.CreateTempSubdirectory("tlsnb-teacher-").FullName;
        var text = File.ReadAllText(Path.Combine(
                AppContext.BaseDirectory, "Fixtures", "coursework", "hidden-tests.ipynb"))
            .Replace("{{NOTEBOOK_LIB}}", Fixture.NotebookLibrary.Replace("\\", "/"),
                StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "hidden-tests.ipynb"), text);
        return folder;
    }

    /// <summary>
    /// Fails unless Jupyter's own nbformat library accepts every notebook named (the nbformat 4
    /// schema: cells, outputs, metadata).
    /// </summary>
    public static void AssertValidNbformat(IEnumerable<string> paths)
    {
        var python = ExternalTool.Require("python3", "python3-nbformat");
        ExternalTool.Run(
            python,
            [
                "-c",
                "import sys, nbformat\n"
                + "for p in sys.argv[1:]: nbformat.validate(nbformat.read(p, as_version=4))",
                .. paths,
            ],
            Path.GetTempPath(),
            TimeSpan.FromMinutes(1));
    }

    public static string NewFolder(string prefix) =>
        Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Every line of a notebook's cells, joined.</summary>
    public static string AllSource(NotebookFile notebook) =>
        string.Join("\n", notebook.Cells.Select(c => NotebookFile.SourceOf(c!)));

    /// <summary>The index of the cell with this grade_id.</summary>
    public static int IndexOf(NotebookFile notebook, string gradeId)
    {
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            if (NbgraderMetadata.Read(notebook.Cells[i]!)?.GradeId == gradeId)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no cell {gradeId}");
    }

    /// <summary>A code cell, as the front ends write one.</summary>
    public static JsonObject Code(string source, JsonObject? nbgrader = null)
    {
        var metadata = new JsonObject
        {
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (nbgrader is not null)
        {
            metadata["nbgrader"] = nbgrader;
        }

        return new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = metadata,
            ["outputs"] = new JsonArray(),
            ["source"] = source,
        };
    }

    public static JsonObject Markdown(string source) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = source,
    };

    /// <summary>A C# notebook in memory with these cells.</summary>
    public static NotebookFile MakeNotebook(string path, params JsonObject[] cells) =>
        NotebookFile.FromJson(path, new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)c).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject
                {
                    ["display_name"] = ".NET (C#)",
                    ["language"] = "C#",
                    ["name"] = ".net-csharp",
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 4,
        });
}
