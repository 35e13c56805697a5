using FbDisplay.App;

return await Startup.RunAsync(args, TimeProvider.System).ConfigureAwait(false);
