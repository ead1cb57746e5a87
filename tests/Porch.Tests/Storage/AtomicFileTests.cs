using Porch.Storage;

namespace Porch.Tests.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("porch-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Write_PrivateKey_CreatesFolderAndFileWithOwnerOnlyMode()
    {
        var path = Path.Combine(folder, "ca", "root.key");

        AtomicFile.WriteText(path, "secret", AtomicFile.Private);

        Assert.Equal("secret", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Write_OverExistingFile_ReplacesItAndLeavesNoTemporaryFiles()
    {
        var path = Path.Combine(folder, "fullchain.pem");
        File.WriteAllText(path, "old");

        AtomicFile.WriteText(path, "new", AtomicFile.Public);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["fullchain.pem"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_TargetIsAFolder_FailsAndKeepsTheFolderAndNoTemporaryFile()
    {
        var path = Path.Combine(folder, "taken");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteText(path, "x", AtomicFile.Public));

        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.GetFiles(folder));
    }
}
