dist_man_MANS += assets/ddorgs.1 assets/ddorgs-mock.1
EXTRA_DIST += assets/config.example

# Shell completion: made at build time by the ddorgs just built, from its own
# command and option tables, and installed where each shell looks for it.
zshcompletiondir = $(datadir)/zsh/site-functions
fishcompletiondir = $(datadir)/fish/vendor_completions.d
nodist_bashcompletion_DATA = completions/ddorgs
nodist_zshcompletion_DATA = completions/_ddorgs
nodist_fishcompletion_DATA = completions/ddorgs.fish
CLEANFILES += completions/ddorgs completions/_ddorgs completions/ddorgs.fish

completions/ddorgs: ddorgs$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions && \
	./ddorgs$(EXEEXT) completion bash > $@.tmp && mv $@.tmp $@
completions/_ddorgs: ddorgs$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions && \
	./ddorgs$(EXEEXT) completion zsh > $@.tmp && mv $@.tmp $@
completions/ddorgs.fish: ddorgs$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions && \
	./ddorgs$(EXEEXT) completion fish > $@.tmp && mv $@.tmp $@

# make distcheck installs into its own staging prefix: bash-completion's
# directory (outside that prefix) is replaced by one inside it, and
# installcheck checks that the three scripts landed there and load.
AM_DISTCHECK_CONFIGURE_FLAGS = bashcompletiondir='$${datadir}/bash-completion/completions'
installcheck-local:
	@for f in "$(DESTDIR)$(bashcompletiondir)/ddorgs" "$(DESTDIR)$(zshcompletiondir)/_ddorgs" \
		"$(DESTDIR)$(fishcompletiondir)/ddorgs.fish"; do \
		test -s "$$f" || { echo "installcheck: $$f is missing or empty" >&2; exit 1; }; \
		echo "installcheck: $$f installed"; \
	done
	bash -c '. "$$1" && complete -p ddorgs' bash "$(DESTDIR)$(bashcompletiondir)/ddorgs"
	@if command -v zsh >/dev/null; then zsh -n "$(DESTDIR)$(zshcompletiondir)/_ddorgs"; \
	else echo "installcheck: zsh is not installed: _ddorgs not parsed"; fi
	@if command -v fish >/dev/null; then fish -n "$(DESTDIR)$(fishcompletiondir)/ddorgs.fish"; \
	else echo "installcheck: fish is not installed: ddorgs.fish not parsed"; fi
