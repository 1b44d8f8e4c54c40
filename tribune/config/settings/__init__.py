"""Settings, read from the environment.

`base` holds the settings every process shares and imports one module per integration
(`database`, `email`, `payments`). `test` adjusts `base` for the test suite. Environment variables are read
only in this package, through the helpers in `env`, so that a wrong value stops the program with
one line naming the variable.
"""
