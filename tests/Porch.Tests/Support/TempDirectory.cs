namespace Porch.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it at the end of the test.</summary>
internal sealed class TempDirectory(string prefix = "porch-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Cleanup only: a folder left behind in the temp folder must not fail the test that used it.
        }
    }
}
