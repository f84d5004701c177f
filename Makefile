# Every target that needs Python creates .venv and installs the project first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: chat test bench locales validate requirements clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

locales/ja/LC_MESSAGES/messages.mo: $(STAMP) locales/ja/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile --use-fuzzy -d locales -D messages --statistics

chat: $(STAMP) locales/ja/LC_MESSAGES/messages.mo
	$(BIN)/python -m bot chat

test: $(STAMP) locales/ja/LC_MESSAGES/messages.mo
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(STAMP) locales/ja/LC_MESSAGES/messages.mo
	$(BIN)/python -m bot.bench --questions tests/data/questions.yaml

validate: $(STAMP)
	$(BIN)/python -m bot validate

# Extract UI strings from bot/, merge them into the catalogues, compile.
locales: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o locales/messages.pot --no-location --sort-output -w 120 bot
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching -w 120
	$(BIN)/pybabel compile -d locales -D messages --statistics

# The pinned lock a platform installs (Heroku & co. read requirements.txt): run after changing the dependencies.
requirements: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --custom-compile-command "make requirements" -o requirements.txt

clean:
	rm -rf $(VENV) locales/*/LC_MESSAGES/*.mo
