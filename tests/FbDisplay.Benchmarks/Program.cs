using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/FbDisplay.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
