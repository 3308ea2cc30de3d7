import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { AppConfig } from '@kubelab/platform';
import { APP_CONFIG } from '../common/tokens';
import { AuthController } from './auth.controller';
import { LoginGuard } from './login.guard';
import { ApiKeyStrategy, JwtStrategy, LocalStrategy } from './strategies';
import { TokensService } from './tokens.service';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        secret: c.JWT_SECRET,
        signOptions: { algorithm: 'HS256', issuer: 'kubelab' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [TokensService, LocalStrategy, JwtStrategy, ApiKeyStrategy, LoginGuard],
  exports: [TokensService],
})
export class AuthModule {}
