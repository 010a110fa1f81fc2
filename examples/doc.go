// Package examples holds no code: it is where the examples' test lives.
// The test builds capsandbox as the image does, runs the GitHub Actions
// workflow's steps and the compose file's client against it, and runs the
// Node and Python clients (see README.md in this directory).
package examples
