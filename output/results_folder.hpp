#pragma once
// A results folder (--out DIR) replaced as a whole: a reader, or a run killed at any moment, sees
// either the old set of files or the new one, never a mix (docs/results-format.md, "Atomicity").
//
// Opening one, before any simulation, checks DIR can be written (it is created if missing; a file
// or an unwritable place is an error at once, not after the run) and locks it: a second jsim
// writing to the same DIR at the same time is refused. Writers then write into a hidden sibling
// staging folder, `.DIR.jsim-staging.PID` (same file system); commit() links in the files of
// DIR this run does not replace (other commands' results stay), and exchanges the two folders in
// one rename (renameat2 RENAME_EXCHANGE). Without commit() (an error, Ctrl-C), the staging folder
// is removed and DIR is left as it was. A staging folder left by a killed process is removed the
// next time its DIR is opened.
#include <filesystem>
#include <set>
#include <string>

namespace jsim {

class ResultsFolder {
 public:
  // Throws jsim::Error naming dir and the reason (errno text) if it cannot be created, locked or
  // written next to, or if another process holds it.
  explicit ResultsFolder(std::filesystem::path dir);
  ResultsFolder(const ResultsFolder&) = delete;
  ResultsFolder& operator=(const ResultsFolder&) = delete;
  ~ResultsFolder();  // removes the staging folder unless committed; releases the lock

  // Where this run's files go.
  [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

  // Where an experiment writing here keeps its finished runs until its results are in:
  // `.DIR.jsim-checkpoint` beside DIR (output/checkpoint_file.hpp), guarded by DIR's lock. Not in
  // DIR: commit() would carry it into the new set.
  [[nodiscard]] std::filesystem::path checkpoint_file() const {
    return dir_.parent_path() / ("." + dir_.filename().string() + ".jsim-checkpoint");
  }

  // Files of DIR that must not survive into the new set (results of an earlier run that would no
  // longer match, e.g. journeys of a run without --journeys).
  void drop(const std::string& name) { dropped_.insert(name); }

  // Makes the staged files the folder's contents (plus DIR's other files), all at once.
  // Throws jsim::Error naming DIR on failure, leaving DIR as it was.
  void commit();

 private:
  std::filesystem::path dir_, staging_;
  std::set<std::string> dropped_;
  int lock_fd_ = -1;
  bool committed_ = false;
};

}  // namespace jsim
