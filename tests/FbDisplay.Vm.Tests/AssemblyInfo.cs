// QEMU, 9p and unix sockets: this project runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
