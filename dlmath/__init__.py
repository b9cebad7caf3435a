"""dlmath, the application: the command line, and (as they come) export,
class grading and the HTTP service. It composes the engine packages
(`exercises` <- `grader` <- `deriver`) and holds no mathematics of its own."""
