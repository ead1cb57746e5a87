using Porch.Cli;

return await PorchCli.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
