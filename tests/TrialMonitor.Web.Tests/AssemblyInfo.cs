// One browser and one server at a time: the 2-second expectation must not compete with another test's server for
// the machine's cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
