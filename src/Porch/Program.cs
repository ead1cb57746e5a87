using System.CommandLine;
using Porch.Cli;

// SIGTERM and Ctrl-C are left to the host, which stops gracefully within limits.shutdownTimeout; System.CommandLine
// would otherwise end the process two seconds after the signal, cutting off requests still in flight.
return await PorchCli.Create(Console.Out, Console.Error).Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
