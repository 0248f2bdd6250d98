import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Office } from './office.entity.js';
import { OfficeClosuresController, OfficesController } from './offices.controller.js';
import { OfficeClosuresService } from './office-closures.service.js';
import { OfficesService } from './offices.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Office])],
  controllers: [OfficesController, OfficeClosuresController],
  providers: [OfficesService, OfficeClosuresService],
  exports: [OfficesService],
})
export class OfficesModule {}
