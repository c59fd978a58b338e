#!/usr/bin/env bash
# Best effort: installs the external validators some tests drive (Chromium for the HTML report, cmark-gfm for Markdown,
# shellcheck for emitted scripts, cfn-guard for the Guard rules) when they are missing and this
# machine can install them. Tests that need a missing tool skip with a loud banner; set
# APIGW_DOCTOR_REQUIRE_VALIDATORS=1 to make a missing tool fail them instead.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v cmark-gfm >/dev/null 2>&1 || missing+=(cmark-gfm)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "ci-tools: installing ${missing[*]} with apt-get"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/tmp/ci-tools-apt.log 2>&1 ||
    echo "ci-tools: apt-get failed (see /tmp/ci-tools-apt.log); the tests that need ${missing[*]} will skip"
fi

# cfn-guard 3: the prebuilt binary shipped inside an npm package (only the binary is unpacked).
if ! command -v cfn-guard >/dev/null 2>&1 && [ ! -x .tools/bin/cfn-guard ] && [ "$(uname -sm)" = "Linux x86_64" ]; then
  mkdir -p .tools/bin .tools/pack
  if npm pack --silent @cdklabs/cdk-validator-cfnguard@0.0.62 --pack-destination .tools/pack >/dev/null 2>&1 &&
    tar -xzf .tools/pack/cdklabs-cdk-validator-cfnguard-0.0.62.tgz -C .tools/pack package/bin/ubuntu/x86_64/cfn-guard; then
    install -m 0755 .tools/pack/package/bin/ubuntu/x86_64/cfn-guard .tools/bin/cfn-guard
    echo "ci-tools: cfn-guard $(.tools/bin/cfn-guard --version 2>/dev/null | head -1) in .tools/bin"
  else
    echo "ci-tools: could not fetch cfn-guard; the Guard tests will skip"
  fi
fi
exit 0
