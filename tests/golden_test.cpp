// The golden suite: every folder under tests/golden holding an `input.kmetal`, an `input/`
// project, an `input.gen` recipe or an `args` file is one case, run through the real
// `kmetal` binary. Expected `stdout.txt`, `stderr.txt` and `exit_code` sit beside the input;
// KMETAL_UPDATE_GOLDEN=1 rewrites them from the actual output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "compiler/base/diagnostics.h"

namespace fs = std::filesystem;

namespace {

const fs::path kGoldenRoot = KMETAL_GOLDEN_DIR;
const fs::path kWorkRoot = KMETAL_WORK_DIR;
const std::string kBinary = KMETAL_BINARY;
const std::string kSourceDir = KMETAL_SOURCE_DIR;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).generic_string()] = read_file(entry.path());
    }
  }
  return files;
}

bool is_case(const fs::path& dir) {
  for (const char* marker : {"input.kmetal", "input", "input.gen", "args"}) {
    if (fs::exists(dir / marker)) return true;
  }
  return false;
}

std::vector<std::string> find_cases() {
  std::vector<std::string> cases;
  if (!fs::exists(kGoldenRoot)) return cases;
  for (auto it = fs::recursive_directory_iterator(kGoldenRoot);
       it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_directory()) continue;
    std::string name = it->path().filename().string();
    if (name == "expected" || name == "input") {
      it.disable_recursion_pending();  // output trees and input projects hold no cases
      continue;
    }
    if (is_case(it->path()))
      cases.push_back(fs::relative(it->path(), kGoldenRoot).generic_string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// `input.gen` builds an input too large or too odd to commit: each line is `COUNT TEXT`,
// TEXT written COUNT times, with \n \t \\ and \xHH escapes.
std::string expand_recipe(const std::string& recipe) {
  std::string out;
  std::istringstream lines(recipe);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t space = line.find(' ');
    std::size_t count = std::stoul(line.substr(0, space));
    std::string raw = space == std::string::npos ? "" : line.substr(space + 1);
    std::string text;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\' || i + 1 >= raw.size()) {
        text += raw[i];
        continue;
      }
      char c = raw[++i];
      if (c == 'n')
        text += '\n';
      else if (c == 't')
        text += '\t';
      else if (c == 'x')
        text += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16)), i += 2;
      else
        text += c;
    }
    out.reserve(out.size() + text.size() * count);
    for (std::size_t k = 0; k < count; ++k) out += text;
  }
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Outcome {
  std::string out;
  std::string err;
  int exit_code = -1;
};

// Runs kmetal with `args` in `dir` (NO_COLOR set, so output never depends on a terminal).
Outcome run_kmetal(const fs::path& dir, const std::string& args) {
  // A fixed SOURCE_DATE_EPOCH makes commit ids in publish cases reproducible.
  std::string command = "cd " + shell_quote(dir.string()) +
                        " && NO_COLOR=1 SOURCE_DATE_EPOCH=1700000000 " + shell_quote(kBinary) +
                        " " + args + " >stdout.actual 2>stderr.actual";
  int status = std::system(command.c_str());
  Outcome outcome;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  outcome.out = read_file(dir / "stdout.actual");
  outcome.err = read_file(dir / "stderr.actual");
  fs::remove(dir / "stdout.actual");
  fs::remove(dir / "stderr.actual");
  return outcome;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpected) {
  const fs::path source = kGoldenRoot / GetParam();
  const fs::path work = kWorkRoot / GetParam();
  fs::remove_all(work);
  fs::create_directories(work);
  // Run on a copy (symbolic links kept as links): the case folder stays pristine whatever
  // the compiler writes, and files beside `input/` can play "outside the project root".
  for (const auto& entry : fs::directory_iterator(source)) {
    std::string name = entry.path().filename().string();
    if (name == "stdout.txt" || name == "stderr.txt" || name == "exit_code" || name == "expected")
      continue;
    fs::copy(entry.path(), work / name,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  if (fs::exists(source / "input.gen")) {
    write_file(work / "input.kmetal", expand_recipe(read_file(source / "input.gen")));
  }
  std::string args = fs::exists(source / "args")    ? trim(read_file(source / "args"))
                     : fs::exists(source / "input") ? "check input"
                                                    : "check input.kmetal";
  // `${SOURCE_DIR}` lets a case run on files of the repository, such as examples/.
  for (std::size_t at; (at = args.find("${SOURCE_DIR}")) != std::string::npos;) {
    args.replace(at, 13, kSourceDir);
  }
  // `setup.sh` prepares what a case needs beyond files (git repositories, say), in `work`.
  if (fs::exists(source / "setup.sh")) {
    std::string setup = "cd " + shell_quote(work.string()) +
                        " && SOURCE_DATE_EPOCH=1700000000 KMETAL=" + shell_quote(kBinary) +
                        " bash setup.sh >setup.log 2>&1";
    ASSERT_EQ(std::system(setup.c_str()), 0) << read_file(work / "setup.log");
  }
  Outcome actual = run_kmetal(work, args);
  // Exit 70 is an internal compiler error: a bug to fix, never an outcome to pin.
  ASSERT_NE(actual.exit_code, 70) << "internal compiler error:\n" << actual.err;

  // A case whose command writes `tree/` is compared with `expected/`, file by file.
  const fs::path out = work / "tree";
  if (std::getenv("KMETAL_UPDATE_GOLDEN") != nullptr) {
    fs::remove_all(source / "expected");
    if (fs::exists(out)) fs::copy(out, source / "expected", fs::copy_options::recursive);
    write_file(source / "stderr.txt", actual.err);
    write_file(source / "exit_code", std::to_string(actual.exit_code) + "\n");
    if (actual.out.empty()) {
      fs::remove(source / "stdout.txt");
    } else {
      write_file(source / "stdout.txt", actual.out);
    }
    return;
  }
  ASSERT_TRUE(fs::exists(source / "exit_code"))
      << "no expected output yet: run with KMETAL_UPDATE_GOLDEN=1 and review the files";
  EXPECT_LT(actual.exit_code, 64 + 64) << "kmetal was killed by a signal";
  EXPECT_EQ(actual.exit_code, std::stoi(read_file(source / "exit_code")));
  EXPECT_EQ(actual.err, read_file(source / "stderr.txt"));
  std::string expected_out =
      fs::exists(source / "stdout.txt") ? read_file(source / "stdout.txt") : "";
  EXPECT_EQ(actual.out, expected_out);
  EXPECT_EQ(fs::exists(out), fs::exists(source / "expected")) << "tree/ and expected/ disagree";
  if (fs::exists(out) && fs::exists(source / "expected")) {
    std::map<std::string, std::string> want = read_tree(source / "expected");
    std::map<std::string, std::string> got = read_tree(out);
    for (const auto& [path, text] : want) {
      auto it = got.find(path);
      EXPECT_TRUE(it != got.end()) << "missing from the output: " << path;
      if (it != got.end()) {
        EXPECT_EQ(it->second, text) << "differs: " << path;
      }
    }
    for (const auto& [path, text] : got) {
      EXPECT_TRUE(want.count(path) > 0) << "not expected in the output: " << path;
    }
  }
  if (!HasFailure()) fs::remove_all(work);
}

std::string case_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, testing::ValuesIn(find_cases()), case_name);

// Every registered diagnostic must be produced by at least one golden case, so no code is
// dead and every code's rendering is pinned by a test.
TEST(GoldenCoverage, EveryRegisteredCodeIsProduced) {
  std::set<std::string> seen;
  std::regex code_pattern("KM[0-9]{4}");
  for (const auto& entry : fs::recursive_directory_iterator(kGoldenRoot)) {
    std::string name = entry.path().filename().string();
    if (name != "stderr.txt" && name != "stdout.txt") continue;
    std::string text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), code_pattern), end; it != end; ++it) {
      seen.insert(it->str());
    }
  }
  // A code that only a race can produce is asserted by a named script instead; the file
  // lists `CODE path/to/script`, and the script must mention the code.
  std::ifstream elsewhere(kGoldenRoot / "COVERED_ELSEWHERE");
  std::string code;
  std::string script;
  while (elsewhere >> code >> script) {
    std::string text = read_file(fs::path(kSourceDir) / script);
    EXPECT_NE(text.find(code), std::string::npos) << script << " does not check " << code;
    seen.insert(code);
  }
  for (const kmetal::DiagInfo& d : kmetal::diagnostic_registry()) {
    EXPECT_TRUE(seen.count(std::string(d.code)) > 0)
        << d.code << " (" << d.name << ") is produced by no golden case under tests/golden";
  }
}

// `kmetal explain` prints the explanation paragraph of every registered code.
TEST(Explain, EveryCodeHasAParagraph) {
  fs::create_directories(kWorkRoot);
  for (const kmetal::DiagInfo& d : kmetal::diagnostic_registry()) {
    Outcome outcome = run_kmetal(kWorkRoot, "explain " + std::string(d.code));
    EXPECT_EQ(outcome.exit_code, 0) << d.code;
    EXPECT_EQ(outcome.out.rfind(std::string(d.code) + " (" + std::string(d.name) + "): ", 0), 0u)
        << outcome.out;
    std::string paragraph = fmt::format(fmt::runtime(d.explanation));
    EXPECT_NE(outcome.out.find(paragraph), std::string::npos) << d.code;
  }
  Outcome unknown = run_kmetal(kWorkRoot, "explain KM9999");
  EXPECT_EQ(unknown.exit_code, 3);
}

}  // namespace
