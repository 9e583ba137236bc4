using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// A cell's <c>metadata.nbgrader</c> object, schema version 3, which nbgrader 0.6 to 0.8 read
/// as it is and nbgrader 0.9 upgrades to version 4 on reading (the upgrade only bumps the
/// number).
/// </summary>
/// <param name="GradeId">The cell's id, unique in the notebook; letters, digits, _ and -.</param>
/// <param name="Solution">The student writes this cell ("Autograded answer").</param>
/// <param name="Grade">The cell is scored ("Autograder tests"); then it has points.</param>
/// <param name="Locked">The grader restores the cell's source from the teacher's notebook.</param>
/// <param name="Points">What a grade cell is worth.</param>
/// <remarks>
/// nbgrader's rules (schema v3): schema_version, grade, locked and solution are required; no
/// other keys than those and task, grade_id, points, checksum and cell_type; a grade, solution
/// or locked cell has a non-empty grade_id matching <c>^[a-zA-Z0-9_\-]*$</c>; a grade cell has
/// points of at least 0; a markdown cell is either both grade and solution or neither; grade ids
/// are unique in the notebook. nbgrader treats a grade cell as locked even when locked is false.
/// </remarks>
public sealed record NbgraderMetadata(
    string GradeId,
    bool Solution,
    bool Grade,
    bool Locked,
    double? Points)
{
    public const int SchemaVersion = 3;

    private static readonly Regex s_gradeId =
        new("^[a-zA-Z0-9_\\-]*$", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> s_allowedKeys =
    [
        "schema_version", "grade", "locked", "solution", "task", "grade_id", "points", "checksum",
        "cell_type",
    ];

    /// <summary>True when the grader restores this cell from the teacher's notebook.</summary>
    public bool Restored => !Solution && (Grade || Locked);

    /// <summary>The metadata of a cell, or null when it has none or it is not an object.</summary>
    public static NbgraderMetadata? Read(JsonNode cell)
    {
        if (cell["metadata"]?["nbgrader"] is not JsonObject meta)
        {
            return null;
        }

        return new NbgraderMetadata(
            meta["grade_id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : "",
            Flag(meta, "solution"),
            Flag(meta, "grade"),
            Flag(meta, "locked"),
            NumberOf(meta["points"]));
    }

    /// <summary>The JSON object nbgrader expects under <c>metadata.nbgrader</c>.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["grade"] = Grade,
            ["grade_id"] = GradeId,
            ["locked"] = Locked,
        };
        if (Grade)
        {
            var points = Points ?? 0;
            json["points"] = points == Math.Floor(points) ? JsonValue.Create((long)points)
                : JsonValue.Create(points);
        }

        json["schema_version"] = SchemaVersion;
        json["solution"] = Solution;
        return json;
    }

    /// <summary>Writes this metadata into a cell, keeping its other metadata.</summary>
    public void WriteTo(JsonNode cell)
    {
        if (cell["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            cell["metadata"] = metadata;
        }

        metadata["nbgrader"] = ToJson();
    }

    /// <summary>
    /// What is wrong with one cell's nbgrader metadata under schema version 3, as sentences
    /// that name the cell and the rule; empty when nothing is.
    /// </summary>
    public static IEnumerable<string> Validate(JsonNode cell, string where)
    {
        if (cell["metadata"]?["nbgrader"] is not { } node)
        {
            yield break;
        }

        if (node is not JsonObject meta)
        {
            yield return $"{where}: metadata.nbgrader must be an object.";
            yield break;
        }

        if (!(meta["schema_version"] is JsonValue v && v.TryGetValue<int>(out var version)
            && version == SchemaVersion))
        {
            yield return $"{where}: nbgrader schema_version must be {SchemaVersion}.";
        }

        foreach (var key in new[] { "grade", "locked", "solution" })
        {
            if (!(meta[key] is JsonValue b && b.TryGetValue<bool>(out _)))
            {
                yield return $"{where}: nbgrader \"{key}\" is required and must be true or false.";
            }
        }

        foreach (var (key, _) in meta)
        {
            if (!s_allowedKeys.Contains(key))
            {
                yield return $"{where}: nbgrader does not allow the key \"{key}\" (schema v3).";
            }
        }

        var data = Read(cell)!;
        if (data.Grade || data.Solution || data.Locked)
        {
            if (data.GradeId.Length == 0)
            {
                yield return $"{where}: a grade, solution or locked cell needs a grade_id.";
            }
            else if (!s_gradeId.IsMatch(data.GradeId))
            {
                yield return $"{where}: grade_id \"{data.GradeId}\" may hold only letters, "
                    + "digits, _ and -.";
            }
        }

        if (data.Grade && (data.Points is not { } points || points < 0))
        {
            yield return $"{where}: a grade cell needs points, a number of at least 0.";
        }

        var type = cell["cell_type"]?.GetValue<string>();
        if (type == "markdown" && !Flag(meta, "task") && data.Grade != data.Solution)
        {
            yield return $"{where}: a markdown cell must be both grade and solution, or neither.";
        }

        if (Flag(meta, "task") && type != "markdown")
        {
            yield return $"{where}: only a markdown cell can be a task cell.";
        }
    }

    /// <summary>The points as nbgrader would print them.</summary>
    public string PointsText => (Points ?? 0).ToString("0.##", CultureInfo.InvariantCulture);

    // A JsonValue built from an int will not give a double, so read numbers from their text.
    private static double? NumberOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)
            : null;

    private static bool Flag(JsonObject meta, string key) =>
        meta[key] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
