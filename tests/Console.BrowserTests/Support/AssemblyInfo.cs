// One browser at a time: each test class has its own Chromium, and two cores are shared with the server and the build.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
