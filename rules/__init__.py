"""dockeropt's built-in rule pack (installed as ``dockeropt.rules``).

One module per rule, grouped by family; ``MODULES`` lists them. Adding a rule is adding its module
here: the engine indexes the modules listed (``dockeropt.engine.ruleindex``) and imports a rule only
when it runs, so importing this package imports no rule.
"""

from __future__ import annotations

from dockeropt.api.rule import Rule, rules_from_module

MODULES = (
    "syntax.parse_error",
    "syntax.unused_ignore",
    "syntax.unknown_ignore",
    "correctness.maintainer_deprecated",
    "correctness.json_args_recommended",
    "correctness.shellcheck",
    "bloat.apt_lists_left",
    "bloat.apt_install_recommends",
    "bloat.apk_cache_left",
    "bloat.pip_cache_left",
    "bloat.os_package_cache_left",
    "bloat.js_package_cache_left",
    "bloat.conda_cache_left",
    "bloat.removed_in_later_layer",
    "bloat.archive_in_separate_layer",
    "bloat.chown_after_copy",
    "bloat.package_upgrade",
    "bloat.large_file_written",
    "cache.consecutive_runs",
    "cache.update_alone",
    "cache.copy_all_before_install",
    "cache.add_instead_of_copy",
    "cache.too_many_layers",
    "ml.heavy_install_cache",
    "ml.cuda_wheels_without_gpu",
    "ml.heavy_install_with_app",
    "ml.built_from_source",
    "ml.model_download_at_build",
    "context.context_copied_unfiltered",
    "context.copy_ignored_file",
    "memory.build_step_memory",
    "multistage.unused_stage",
    "multistage.repeated_setup",
    "multistage.toolchain_in_final_image",
    "multistage.single_stage_build",
    "style.stage_name_casing",
    "style.from_as_casing",
    "correctness.no_empty_continuation",
    "style.consistent_instruction_casing",
    "correctness.duplicate_stage_name",
    "correctness.reserved_stage_name",
    "correctness.undefined_arg_in_from",
    "correctness.workdir_relative_path",
    "correctness.undefined_var",
    "correctness.multiple_instructions",
    "style.legacy_key_value_format",
    "style.redundant_target_platform",
    "correctness.invalid_default_arg_in_from",
    "correctness.from_platform_const",
    "style.invalid_definition_description",
    "style.expose_proto_casing",
    "correctness.expose_invalid_format",
    "correctness.expose_port_range",
    "correctness.copy_multiple_sources",
    "correctness.copy_from_unknown_stage",
    "correctness.copy_from_own_stage",
    "correctness.env_same_statement",
    "correctness.copy_relative_without_workdir",
    "correctness.healthcheck_missing",
    "correctness.copy_whole_filesystem",
    "security.secrets_in_arg_or_env",
    "security.root_user",
    "security.untrusted_registry",
    "security.user_not_numeric",
    "pinning.image_untagged",
    "pinning.image_latest_tag",
    "style.label_key_invalid",
    "correctness.pipefail_missing",
    "style.cd_instead_of_workdir",
    "style.wget_progress",
    "correctness.apt_instead_of_apt_get",
    "correctness.sudo_in_run",
    "style.curl_and_wget",
    "correctness.install_without_yes",
    "correctness.shell_link",
    "bloat.useradd_lastlog",
    "style.unsuitable_command",
    "style.inline_ignore",
    "pinning.apt_unpinned",
    "pinning.apk_unpinned",
    "pinning.pip_unpinned",
    "pinning.npm_unpinned",
    "pinning.gem_unpinned",
    "pinning.yum_unpinned",
    "pinning.zypper_unpinned",
    "pinning.dnf_unpinned",
    "pinning.go_unpinned",
    "style.label_missing",
    "style.label_not_in_schema",
    "style.label_value_invalid",
    "security.telemetry_opt_out",
    "correctness.copy_after_user_without_chown",
    "cache.package_cache_mount",
)


def __getattr__(name: str) -> list[Rule]:
    """``RULES``: every rule of the pack, their modules imported (the engine does not use it)."""
    if name != "RULES":
        raise AttributeError(name)
    import importlib  # (not at the top: every check imports this package, and importlib only here)

    out: list[Rule] = []
    for module in MODULES:
        out.extend(rules_from_module(importlib.import_module(f"{__name__}.{module}")))
    return out
