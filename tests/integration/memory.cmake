# Memory integration tests (issue 3), included from CMakeLists.txt.
