package io.rlwb.engine.env;

/** What an environment node hands out on its {@code env} port: a spec and a way to make instances. */
public interface EnvFactory {
    EnvSpec spec();

    Env create();
}
