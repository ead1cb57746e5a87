using System.IO.Compression;

namespace Porch.Tests.Logging;

/// <summary>Reads back a log folder the way an operator would: every file, archives decompressed.</summary>
internal static class LogFiles
{
    /// <summary>The lines of one file, decompressing <c>.gz</c>; asserts the file ends with a complete line.</summary>
    public static string[] ReadLines(string file)
    {
        using var stream = File.OpenRead(file);
        using var decoded = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        using var reader = new StreamReader(decoded);
        var text = reader.ReadToEnd();
        Assert.True(text.Length == 0 || text[^1] == '\n', $"{file} ends in the middle of a line");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every line in the folder: rotated files oldest first (by name), then the current file.</summary>
    public static List<string> ReadAll(string directory, string current)
    {
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(directory).Where(f => f != current).Order(StringComparer.Ordinal))
        {
            lines.AddRange(ReadLines(file));
        }

        if (File.Exists(current))
        {
            lines.AddRange(ReadLines(current));
        }

        return lines;
    }
}
