dist_man_MANS += assets/ddorgs.1 assets/ddorgs-mock.1
EXTRA_DIST += assets/config.example
