using BenchmarkDotNet.Running;
using FbDisplay.Benchmarks;

// dotnet run -c Release --project tests/FbDisplay.Benchmarks -- --filter '*'   (BenchmarkDotNet: decode)
// dotnet run -c Release --project tests/FbDisplay.Benchmarks -- --budget      (display engine and process budgets)
// dotnet run -c Release --project tests/FbDisplay.Benchmarks -- --web-load    (RSS under 60 clients on /screen.png and after)
// dotnet run -c Release --project tests/FbDisplay.Benchmarks -- --vnc         (screen sharing: bytes and CPU per tick)
if (args.Contains("--vnc"))
{
    return await VncBudget.RunAsync();
}

if (args.Contains("--web-load"))
{
    return await WebLoadBudget.RunAsync(args);
}

if (args.Contains("--budget"))
{
    return DisplayBudget.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(DecodeBenchmarks).Assembly).Run(args);
return 0;
