using System.Net;
using System.Net.Sockets;

namespace Porch.Tests.Forwarding;

/// <summary>A backend on raw TCP that runs a script per connection: for responses no well-behaved server sends.</summary>
internal sealed class RawBackend : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public RawBackend(Func<NetworkStream, Task> script)
    {
        listener.Start();
        accepting = AcceptAsync(script);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string Upstream => $"http://127.0.0.1:{Port}";

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync(Func<NetworkStream, Task> script)
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await script(client.GetStream());
                    }
                    catch (IOException)
                    {
                    }
                }
            });
        }
    }
}
