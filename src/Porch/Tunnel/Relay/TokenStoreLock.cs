namespace Porch.Tunnel.Relay;

/// <summary>
/// Serializes read-modify-write of the relay's state files across processes (<c>porch relay token add</c> beside a
/// running relay reserving names), so two writers never lose each other's change. On Unix .NET takes an advisory
/// <c>flock</c> for <see cref="FileShare.None"/>; the lock goes with the process if it dies.
/// </summary>
internal sealed class TokenStoreLock : IDisposable
{
    /// <summary>Long enough for any holder (it only rewrites a small file), short enough to report a stuck one.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FileStream _stream;

    private TokenStoreLock(FileStream stream) => _stream = stream;

    public static TokenStoreLock Acquire(string stateDirectory)
    {
        var path = Path.Combine(TokenStoreFile.EnsureFolder(stateDirectory), ".lock");
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Storage.AtomicFile.Private;
        }

        var deadline = Environment.TickCount64 + (long)Patience.TotalMilliseconds;
        while (true)
        {
            try
            {
                return new TokenStoreLock(new FileStream(path, options));
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(20);
            }
            catch (IOException e)
            {
                throw new RelayStateFileException(
                    $"{path}: another porch process has held this lock for {Patience.TotalSeconds:0} s; stop the stuck `porch relay` command and try again", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
